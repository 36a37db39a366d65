package dev.skiff.api;

import dev.skiff.api.v2beta1.PipelineVersionReference;
import dev.skiff.api.v2beta1.RecurringRun;
import dev.skiff.api.v2beta1.RuntimeConfig;
import dev.skiff.engine.catalog.RecurringRunCatalog;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.StoredRecurringRun;
import java.util.Locale;
import java.util.Map;

/**
 * Recurring runs between KFP's v2beta1 {@code RecurringRun} and the catalog: the request as a new
 * recurring run, a stored one as the API shows it (for the server's routes and the CLI's in-process
 * path alike).
 */
public final class RecurringRunViews {
  private RecurringRunViews() {}

  /** A stored recurring run as the API answers it. */
  public static RecurringRun view(StoredRecurringRun r) {
    RecurringRun.Trigger trigger =
        r.cron() != null
            ? new RecurringRun.Trigger(
                new RecurringRun.CronSchedule(r.startTime(), r.endTime(), r.cron()), null)
            : new RecurringRun.Trigger(
                null,
                new RecurringRun.PeriodicSchedule(r.startTime(), r.endTime(), r.intervalSeconds()));
    boolean inline = r.pipelineSpec() != null;
    Map<String, JsonValue> parameters = ((JsonValue.Obj) JsonValue.parse(r.parameters())).fields();
    return new RecurringRun(
        r.id(),
        r.displayName(),
        emptyToNull(r.description()),
        null,
        RecurringRunCatalog.spec(r),
        inline ? null : new PipelineVersionReference(r.pipelineId(), r.pipelineVersionId()),
        new RuntimeConfig(parameters, r.pipelineRoot()),
        emptyToNull(r.serviceAccount()),
        (long) r.maxConcurrency(),
        trigger,
        r.mode(),
        r.createdAt(),
        r.updatedAt(),
        r.enabled() ? "ENABLED" : "DISABLED",
        null,
        r.noCatchup(),
        emptyToNull(r.profile()),
        r.experimentId());
  }

  /**
   * A request body as the catalog's new recurring run.
   *
   * @throws ApiRequestException for a malformed request: the pipeline given twice or not as an
   *     object, an unknown mode, both or neither schedule in the trigger
   */
  public static RecurringRunCatalog.NewRecurringRun toNew(RecurringRun r) {
    int sources =
        (r.pipelineSpec() == null ? 0 : 1)
            + (r.pipelineVersionReference() == null ? 0 : 1)
            + (blank(r.pipelineVersionId()) ? 0 : 1);
    if (sources > 1) {
      throw new ApiRequestException(
          "give the pipeline once: pipeline_spec, pipeline_version_reference or"
              + " pipeline_version_id");
    }
    String text =
        switch (r.pipelineSpec()) {
          case null -> null;
          case JsonValue.Obj o -> o.toJson();
          case JsonValue.Str s -> s.value();
          default ->
              throw new ApiRequestException(
                  "pipeline_spec must be a JSON object (the compiled pipeline), got a "
                      + r.pipelineSpec().kind());
        };
    String pipelineId = "";
    String versionId = nullToEmpty(r.pipelineVersionId());
    if (r.pipelineVersionReference() != null) {
      pipelineId = nullToEmpty(r.pipelineVersionReference().pipelineId());
      versionId = nullToEmpty(r.pipelineVersionReference().pipelineVersionId());
    }
    boolean enabled =
        switch (nullToEmpty(r.mode()).toUpperCase(Locale.ROOT)) {
          case "", "MODE_UNSPECIFIED", "ENABLE" -> true;
          case "DISABLE" -> false;
          default ->
              throw new ApiRequestException(
                  "mode must be ENABLE or DISABLE, got '" + r.mode().strip() + "'");
        };
    RecurringRun.Trigger t = r.trigger();
    if (t == null || (t.cronSchedule() == null) == (t.periodicSchedule() == null)) {
      throw new ApiRequestException(
          "trigger needs exactly one of cron_schedule {cron, start_time, end_time} or"
              + " periodic_schedule {interval_second, start_time, end_time}");
    }
    String cron = null;
    Long interval = null;
    java.time.Instant start;
    java.time.Instant end;
    if (t.cronSchedule() != null) {
      cron = t.cronSchedule().cron() == null ? "" : t.cronSchedule().cron();
      if (cron.isBlank()) {
        throw new ApiRequestException("trigger.cron_schedule.cron is required");
      }
      start = t.cronSchedule().startTime();
      end = t.cronSchedule().endTime();
    } else {
      interval = t.periodicSchedule().intervalSecond();
      if (interval == null) {
        throw new ApiRequestException("trigger.periodic_schedule.interval_second is required");
      }
      start = t.periodicSchedule().startTime();
      end = t.periodicSchedule().endTime();
    }
    long max = r.maxConcurrency() == null ? 0 : r.maxConcurrency();
    if (max < 0 || max > RecurringRunCatalog.MAX_CONCURRENCY) {
      throw new ApiRequestException(
          "max_concurrency must be from 1 to "
              + RecurringRunCatalog.MAX_CONCURRENCY
              + ", got "
              + max);
    }
    RuntimeConfig config = r.runtimeConfig();
    return new RecurringRunCatalog.NewRecurringRun(
        r.displayName(),
        nullToEmpty(r.description()),
        nullToEmpty(r.namespace()),
        nullToEmpty(r.experimentId()),
        text,
        pipelineId,
        versionId,
        config == null ? Map.of() : config.parameters(),
        config == null ? "" : nullToEmpty(config.pipelineRoot()),
        nullToEmpty(r.serviceAccount()),
        cron,
        interval,
        start,
        end,
        (int) max,
        Boolean.TRUE.equals(r.noCatchup()),
        enabled);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s.strip();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
