package dev.skiff.api;

import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.api.v2beta1.Url;
import dev.skiff.engine.catalog.PipelineCatalog;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;

/**
 * The catalog's pipelines, versions and experiments as KFP's v2beta1 API shows them; used by the
 * server's routes and by the CLI's in-process path alike, so both print the same bytes.
 */
public final class CatalogViews {
  private CatalogViews() {}

  /** A pipeline. */
  public static Pipeline pipeline(StoredPipeline p) {
    return new Pipeline(
        p.id(),
        p.displayName(),
        p.name(),
        emptyToNull(p.description()),
        p.createdAt(),
        emptyToNull(p.profile()),
        null);
  }

  /** A version with its file as {@code pipeline_spec}. */
  public static PipelineVersion version(StoredPipelineVersion v) {
    return new PipelineVersion(
        v.pipelineId(),
        v.id(),
        v.displayName(),
        v.name(),
        emptyToNull(v.description()),
        v.createdAt(),
        v.packageUrl().isEmpty() ? null : new Url(v.packageUrl()),
        emptyToNull(v.codeSourceUrl()),
        v.spec().isEmpty() ? null : PipelineCatalog.spec(v),
        null);
  }

  /** An experiment. */
  public static Experiment experiment(StoredExperiment e) {
    return new Experiment(
        e.id(),
        e.displayName(),
        emptyToNull(e.description()),
        e.createdAt(),
        emptyToNull(e.profile()),
        e.storageState(),
        e.lastRunCreatedAt());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
