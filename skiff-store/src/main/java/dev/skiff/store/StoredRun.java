package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A pipeline run as stored. States are the engine's names (KFP's {@code RuntimeState}); the store
 * does not interpret them beyond "terminal or not".
 *
 * @param id the run id (a UUID)
 * @param profile the profile it runs in; empty for runs started outside any profile (the CLI)
 * @param pipelineName {@code pipelineInfo.name}, the cache scope
 * @param displayName the run's name
 * @param spec the pipeline file text
 * @param parameters the bound runtime parameters, a JSON object
 * @param options run options, a JSON object (e.g. {@code {"cache":false}})
 * @param state PENDING, RUNNING, SUCCEEDED, SKIPPED, FAILED, CANCELING or CANCELED
 * @param error why it failed, or null
 * @param createdAt when it was submitted
 * @param startedAt when it started, or null
 * @param finishedAt when it reached a final state, or null
 */
public record StoredRun(
    String id,
    String profile,
    String pipelineName,
    String displayName,
    String spec,
    String parameters,
    String options,
    String state,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  public StoredRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(pipelineName, "pipelineName");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A copy in another state. */
  public StoredRun withState(String newState, String newError, Instant started, Instant finished) {
    return new StoredRun(
        id,
        profile,
        pipelineName,
        displayName,
        spec,
        parameters,
        options,
        newState,
        newError,
        createdAt,
        started,
        finished);
  }
}
