package dev.skiff.pipeline.model;

import java.util.List;

/**
 * A container executor. Strings in {@code command}, {@code args} and the resource fields may hold
 * placeholders; an element of {@code command}/{@code args} may also be a JSON {@code Concat} or
 * {@code IfPresent} structure encoded as a string.
 *
 * @param image the image reference
 * @param command the entrypoint; empty means the image's own
 * @param args the arguments
 * @param env environment variables, in order ({@code $(VAR)} refers to earlier ones)
 * @param resources requests, limits and accelerators
 * @param preCacheCheck the lifecycle hook run before the cache check, empty command and args when
 *     unset
 */
public record ContainerSpec(
    String image,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    ResourceSpec resources,
    Exec preCacheCheck)
    implements ExecutorSpec {

  /** Copies the lists. */
  public ContainerSpec {
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = List.copyOf(env);
  }

  /** An environment variable. */
  public record EnvVar(String name, String value) {}

  /**
   * A command to run ({@code lifecycle.preCacheCheck}).
   *
   * @param command the command
   * @param args the arguments
   */
  public record Exec(List<String> command, List<String> args) {
    /** No command. */
    public static final Exec NONE = new Exec(List.of(), List.of());

    /** Copies the lists. */
    public Exec {
      command = List.copyOf(command);
      args = List.copyOf(args);
    }
  }
}
