package dev.skiff.store;

import java.time.Instant;

/**
 * A finished run as retention sees it: enough to decide whether it goes, without its pipeline file.
 *
 * @param id the run's id
 * @param profile its profile ({@code ""} outside any profile)
 * @param pipelineName the name of its pipeline
 * @param createdAt when it was submitted
 * @param finishedAt when it finished
 */
public record FinishedRun(
    String id, String profile, String pipelineName, Instant createdAt, Instant finishedAt) {}
