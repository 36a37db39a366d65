package dev.skiff.store;

import dev.skiff.store.query.Field.Type;
import dev.skiff.store.query.Fields;

/**
 * What each collection of the API can be filtered and sorted on, under KFP's v2beta1 field names
 * (and KFP's v1 aliases {@code id} and {@code name}, as KFP's API server maps them), with the
 * column behind each.
 */
public final class CatalogFields {
  private CatalogFields() {}

  /** Runs ({@code runAPIToModelFieldMap} in KFP, plus Skiff's {@code pipeline_name}). */
  public static final Fields RUNS =
      Fields.of("runs")
          .field("run_id", "id", Type.TEXT)
          .alias("id", "run_id")
          .field("display_name", "display_name", Type.TEXT)
          .alias("name", "display_name")
          .field("created_at", "created_at", Type.TIME)
          .nullable("scheduled_at", "started_at", Type.TIME)
          .nullable("finished_at", "finished_at", Type.TIME)
          .field("description", "description", Type.TEXT)
          .field("storage_state", "storage_state", Type.ENUM)
          .field("namespace", "profile", Type.TEXT)
          .nullable("experiment_id", "experiment_id", Type.TEXT)
          .field("state", "state", Type.ENUM)
          .field("pipeline_name", "pipeline_name", Type.TEXT)
          .nullable("recurring_run_id", "recurring_run_id", Type.TEXT)
          .index("profile", "created_at")
          .index("profile", "display_name")
          .index("profile", "state", "created_at")
          .index("profile", "storage_state", "created_at")
          .index("experiment_id", "created_at")
          .index("experiment_id", "state", "created_at")
          .index("experiment_id", "storage_state", "created_at")
          .index("recurring_run_id", "created_at")
          .build();

  /** Experiments. */
  public static final Fields EXPERIMENTS =
      Fields.of("experiments")
          .field("experiment_id", "id", Type.TEXT)
          .alias("id", "experiment_id")
          .field("display_name", "display_name", Type.TEXT)
          .alias("name", "display_name")
          .field("created_at", "created_at", Type.TIME)
          .field("description", "description", Type.TEXT)
          .field("namespace", "profile", Type.TEXT)
          .field("storage_state", "storage_state", Type.ENUM)
          .nullable("last_run_created_at", "last_run_created_at", Type.TIME)
          .index("profile", "created_at")
          .index("profile", "storage_state", "created_at")
          .build();

  /** Pipelines. */
  public static final Fields PIPELINES =
      Fields.of("pipelines")
          .field("pipeline_id", "id", Type.TEXT)
          .alias("id", "pipeline_id")
          .field("display_name", "display_name", Type.TEXT)
          .field("name", "name", Type.TEXT)
          .field("created_at", "created_at", Type.TIME)
          .field("description", "description", Type.TEXT)
          .field("namespace", "profile", Type.TEXT)
          .index("profile", "created_at")
          .index("profile", "display_name")
          .build();

  /** Pipeline versions. */
  public static final Fields PIPELINE_VERSIONS =
      Fields.of("pipeline versions")
          .field("pipeline_version_id", "id", Type.TEXT)
          .alias("id", "pipeline_version_id")
          .field("display_name", "display_name", Type.TEXT)
          .field("name", "name", Type.TEXT)
          .field("created_at", "created_at", Type.TIME)
          .field("description", "description", Type.TEXT)
          .field("pipeline_id", "pipeline_id", Type.TEXT)
          .index("pipeline_id", "created_at")
          .build();

  /** Recurring runs (KFP's {@code RecurringRun}). */
  public static final Fields RECURRING_RUNS =
      Fields.of("recurring runs")
          .field("recurring_run_id", "id", Type.TEXT)
          .alias("id", "recurring_run_id")
          .field("display_name", "display_name", Type.TEXT)
          .alias("name", "display_name")
          .field("created_at", "created_at", Type.TIME)
          .field("updated_at", "updated_at", Type.TIME)
          .field("description", "description", Type.TEXT)
          .field("namespace", "profile", Type.TEXT)
          .field("experiment_id", "experiment_id", Type.TEXT)
          .field("mode", "mode", Type.ENUM)
          .index("profile", "created_at")
          .index("profile", "display_name")
          .index("experiment_id", "created_at")
          .build();
}
