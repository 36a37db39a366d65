package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One attempt of a container step (Skiff extension). Its log is read through {@code skiff logs} or
 * {@code GET /apis/v2beta1/runs/{id}/logs?task=PATH&attempt=N}.
 *
 * @param attempt 1 for the first try
 * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code CANCELED} or {@code LOST}
 *     (the engine stopped while it ran)
 * @param handle the executor's opaque name for it once started (a process, a pod); absent before
 * @param exitCode the exit code, when it exited
 * @param message why it failed, when it did
 * @param startTime when it was handed to the executor
 * @param endTime when it ended; written as {@code null} until then
 * @param runtime what ran it, e.g. {@code skiff-python-runtime 2.15.2+skiff.1.0.0}, {@code host kfp
 *     2.9.0}, {@code sdk-pip}, {@code container}; absent until the executor says
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttemptView(
    int attempt,
    String state,
    String handle,
    Integer exitCode,
    String message,
    Instant startTime,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant endTime,
    String runtime) {}
