package dev.skiff.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A recurring run (KFP's {@code RecurringRun}): a pipeline run again on a cron schedule or at a
 * fixed interval, as stored.
 *
 * @param id generated id (UUID)
 * @param profile the profile its runs land in (KFP's namespace); empty outside any profile
 * @param displayName its name; its runs are named after it
 * @param description free text, may be empty
 * @param experimentId the experiment its runs go into
 * @param pipelineId the stored pipeline it runs (empty when the spec is inline)
 * @param pipelineVersionId the stored version it runs (empty: the pipeline's newest at each tick)
 * @param pipelineSpec the pipeline sent inline (its text), or null when it runs a stored version
 * @param parameters {@code runtime_config.parameters}, a JSON object
 * @param pipelineRoot {@code runtime_config.pipeline_root}, may be empty
 * @param serviceAccount KFP's {@code service_account}, may be empty
 * @param cron a cron expression, or null for a periodic trigger
 * @param intervalSeconds the period in seconds, or null for a cron trigger
 * @param startTime no tick before this time, or null
 * @param endTime no tick after this time, or null
 * @param maxConcurrency at most this many of its runs unfinished at once; a tick beyond is skipped
 * @param noCatchup true: after downtime only the latest missed tick fires; false: every one does
 * @param mode {@value #ENABLE} or {@value #DISABLE}
 * @param createdAt when it was created
 * @param updatedAt when it was last changed (enabled, disabled)
 * @param nextFireAt the next tick to fire; null when disabled or past its end
 * @param lastFiredAt the tick fired last, or null
 */
public record StoredRecurringRun(
    String id,
    String profile,
    String displayName,
    String description,
    String experimentId,
    String pipelineId,
    String pipelineVersionId,
    String pipelineSpec,
    String parameters,
    String pipelineRoot,
    String serviceAccount,
    String cron,
    Long intervalSeconds,
    Instant startTime,
    Instant endTime,
    int maxConcurrency,
    boolean noCatchup,
    String mode,
    Instant createdAt,
    Instant updatedAt,
    Instant nextFireAt,
    Instant lastFiredAt) {

  /** A recurring run that fires. */
  public static final String ENABLE = "ENABLE";

  /** A recurring run that does not fire. */
  public static final String DISABLE = "DISABLE";

  /** Checks required parts; absent texts read as empty; times kept to the microsecond. */
  public StoredRecurringRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(mode, "mode");
    if ((cron == null) == (intervalSeconds == null)) {
      throw new IllegalArgumentException("a recurring run has a cron or an interval, not both");
    }
    description = Objects.requireNonNullElse(description, "");
    pipelineId = Objects.requireNonNullElse(pipelineId, "");
    pipelineVersionId = Objects.requireNonNullElse(pipelineVersionId, "");
    pipelineRoot = Objects.requireNonNullElse(pipelineRoot, "");
    serviceAccount = Objects.requireNonNullElse(serviceAccount, "");
    startTime = micros(startTime);
    endTime = micros(endTime);
    createdAt = micros(Objects.requireNonNull(createdAt, "createdAt"));
    updatedAt = micros(Objects.requireNonNull(updatedAt, "updatedAt"));
    nextFireAt = micros(nextFireAt);
    lastFiredAt = micros(lastFiredAt);
  }

  /** Whether it fires. */
  public boolean enabled() {
    return ENABLE.equals(mode);
  }

  private static Instant micros(Instant i) {
    return i == null ? null : i.truncatedTo(ChronoUnit.MICROS);
  }
}
