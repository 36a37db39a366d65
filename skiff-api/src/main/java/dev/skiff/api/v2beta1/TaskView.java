package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One task of a run as Skiff's {@code tasks} map shows it (a Skiff extension of KFP's Run, keyed by
 * task path: DAG task names joined by {@code /}, loop iterations by index).
 *
 * @param state its state; a cache hit is {@code SUCCEEDED} with {@code cached}
 * @param kind {@code DAG}, {@code LOOP}, {@code ITERATION}, {@code CONTAINER} or {@code IMPORTER}
 * @param displayName the task's name
 * @param cached whether its outputs were reused from an earlier run
 * @param fingerprint its cache key, when caching applied
 * @param error why it failed or was skipped
 * @param statusMessage why a running container step has not started its attempt yet, e.g. {@code
 *     waiting for quota: profile 'team-a' uses 1 of 1 GPUs}; absent when nothing holds it back
 * @param startTime when it started; written as {@code null} until then
 * @param endTime when it finished; written as {@code null} until then
 * @param runtimeSeconds end minus start, once both are known
 * @param runtime what ran its last attempt (see {@link AttemptView#runtime()})
 * @param attempts a container step's attempts, oldest first
 * @param outputs its outputs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskView(
    RuntimeState state,
    String kind,
    String displayName,
    boolean cached,
    String fingerprint,
    String error,
    String statusMessage,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant startTime,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant endTime,
    Double runtimeSeconds,
    String runtime,
    List<AttemptView> attempts,
    TaskOutputs outputs) {

  /** Copies the attempts; null means none, and absent outputs read as none. */
  public TaskView {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    outputs = outputs == null ? TaskOutputs.EMPTY : outputs;
  }

  /** The newest attempt, if any. */
  public Optional<AttemptView> lastAttempt() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.getLast());
  }
}
