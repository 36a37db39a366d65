package dev.skiff.engine.executor.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import java.nio.file.Path;
import java.util.Map;

/**
 * One server to start.
 *
 * @param profile the notebook's profile
 * @param name the notebook's name
 * @param environment what runs
 * @param basePath the URL path it answers under, {@code /notebook/{profile}/{name}/}
 * @param workspace its working folder (created when missing, kept across restarts)
 * @param privateDir a private folder for its log ({@code server.log}) and credentials
 * @param links data volumes: path relative to the workspace → the volume's folder
 * @param env environment variables to add
 * @param resources what it asks of the machine
 */
public record ServerLaunch(
    String profile,
    String name,
    ServerEnvironment environment,
    String basePath,
    Path workspace,
    Path privateDir,
    Map<String, Path> links,
    Map<String, String> env,
    ResourceRequest resources) {

  /** Copies the maps. */
  public ServerLaunch {
    links = Map.copyOf(links);
    env = Map.copyOf(env);
  }

  /** The server's log file. */
  public Path logFile() {
    return privateDir.resolve("server.log");
  }
}
