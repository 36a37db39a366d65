package dev.skiff.cli;

import dev.skiff.api.CatalogViews;
import dev.skiff.api.RecurringRunViews;
import dev.skiff.api.RunViews;
import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.ListExperimentsResponse;
import dev.skiff.api.v2beta1.ListPipelineVersionsResponse;
import dev.skiff.api.v2beta1.ListPipelinesResponse;
import dev.skiff.api.v2beta1.ListRecurringRunsResponse;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.api.v2beta1.RecurringRun;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.engine.catalog.ExperimentCatalog;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.PipelineCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.LocalSetup;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.StoredRecurringRun;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The catalog inside this process, on the home's database, acting as the local user (in their
 * profile, as the server's token makes them). A retried run is driven here, so {@link #retryRun}
 * waits for it.
 */
final class LocalCatalogClient implements CatalogClient {
  private final LocalEngine engine;
  private final Catalog catalog;
  private final Requester me;

  LocalCatalogClient(LocalEngine engine, CatalogSettings settings) {
    this.engine = engine;
    this.catalog = Catalog.open(engine.database(), engine.runs(), settings);
    String user = System.getProperty("user.name", "user");
    this.me = Requester.local(user, LocalSetup.profileNameFor(user));
  }

  @Override
  public Pipeline uploadPipeline(byte[] file, String fileName, String name, String description) {
    PipelineCatalog.Created made =
        catalog
            .pipelines()
            .upload(me, file, fileName, new PipelineCatalog.NewPipeline(name, "", description, ""));
    return CatalogViews.pipeline(made.pipeline());
  }

  @Override
  public PipelineVersion uploadVersion(
      String pipelineId, byte[] file, String fileName, String versionName, String description) {
    return CatalogViews.version(
        catalog
            .pipelines()
            .uploadVersion(me, pipelineId, file, fileName, versionName, "", description));
  }

  @Override
  public ListPipelinesResponse listPipelines(int pageSize, String pageToken) {
    CatalogPage<StoredPipeline> page =
        catalog.pipelines().list(me, "", new ListRequest(pageSize, pageToken, "", List.of()));
    return new ListPipelinesResponse(
        page.items().stream().map(CatalogViews::pipeline).toList(),
        page.totalSize(),
        page.nextPageToken());
  }

  @Override
  public Optional<Pipeline> pipeline(String id) {
    return found(() -> CatalogViews.pipeline(catalog.pipelines().get(me, id)));
  }

  @Override
  public Optional<Pipeline> pipelineNamed(String name) {
    return found(() -> CatalogViews.pipeline(catalog.pipelines().getByName(me, "", name)));
  }

  @Override
  public ListPipelineVersionsResponse versions(String pipelineId, int pageSize, String token) {
    CatalogPage<StoredPipelineVersion> page =
        catalog
            .pipelines()
            .listVersions(me, pipelineId, new ListRequest(pageSize, token, "", List.of()));
    return new ListPipelineVersionsResponse(
        page.items().stream().map(CatalogViews::version).toList(),
        page.totalSize(),
        page.nextPageToken());
  }

  @Override
  public void deletePipeline(String id) {
    catalog.pipelines().delete(me, id, true);
  }

  @Override
  public Experiment createExperiment(String name, String description) {
    return CatalogViews.experiment(
        catalog
            .experiments()
            .create(me, new ExperimentCatalog.NewExperiment(name, description, "")));
  }

  @Override
  public ListExperimentsResponse listExperiments(int pageSize, String pageToken) {
    CatalogPage<StoredExperiment> page =
        catalog.experiments().list(me, "", new ListRequest(pageSize, pageToken, "", List.of()));
    return new ListExperimentsResponse(
        page.items().stream().map(CatalogViews::experiment).toList(),
        page.totalSize(),
        page.nextPageToken());
  }

  @Override
  public Optional<Experiment> experiment(String id) {
    return found(() -> CatalogViews.experiment(catalog.experiments().get(me, id)));
  }

  @Override
  public Optional<Experiment> experimentNamed(String name) {
    String filter = "display_name";
    return catalog
        .experiments()
        .list(
            me,
            "",
            new ListRequest(
                1,
                "",
                "",
                List.of(
                    dev.skiff.store.query.Condition.of(
                        filter, dev.skiff.store.query.Op.EQUALS, name))))
        .items()
        .stream()
        .findFirst()
        .map(CatalogViews::experiment);
  }

  @Override
  public void archiveExperiment(String id) {
    catalog.experiments().archive(me, id);
  }

  @Override
  public Optional<Run> run(String id) {
    return found(() -> RunViews.run(catalog.runs().get(me, id)));
  }

  @Override
  public List<Run> runs(int limit) {
    return catalog
        .runs()
        .list(me, "", "", ListRequest.of(limit, "created_at desc"))
        .items()
        .stream()
        .map(RunViews::summary)
        .toList();
  }

  @Override
  public Run retryRun(String id) {
    catalog.runs().retry(me, id);
    return RunViews.run(engine.runs().completion(id).join());
  }

  @Override
  public void archiveRun(String id) {
    catalog.runs().archive(me, id);
  }

  @Override
  public void deleteRun(String id) {
    catalog.runs().delete(me, id);
  }

  @Override
  public RecurringRun createRecurringRun(RecurringRun request) {
    try {
      return RecurringRunViews.view(
          catalog.recurringRuns().create(me, RecurringRunViews.toNew(request)));
    } catch (dev.skiff.pipeline.PipelineException
        | dev.skiff.pipeline.value.ParameterValueException e) {
      throw new UsageError(e.getMessage());
    }
  }

  @Override
  public ListRecurringRunsResponse listRecurringRuns(int pageSize, String pageToken) {
    CatalogPage<StoredRecurringRun> page =
        catalog
            .recurringRuns()
            .list(me, "", "", new ListRequest(pageSize, pageToken, "", List.of()));
    return new ListRecurringRunsResponse(
        page.items().stream().map(RecurringRunViews::view).toList(),
        page.totalSize(),
        page.nextPageToken());
  }

  @Override
  public Optional<RecurringRun> recurringRun(String id) {
    return found(() -> RecurringRunViews.view(catalog.recurringRuns().get(me, id)));
  }

  @Override
  public Optional<RecurringRun> recurringRunNamed(String name) {
    return catalog
        .recurringRuns()
        .list(
            me,
            "",
            "",
            new ListRequest(1, "", "", List.of(Condition.of("display_name", Op.EQUALS, name))))
        .items()
        .stream()
        .findFirst()
        .map(RecurringRunViews::view);
  }

  @Override
  public void enableRecurringRun(String id) {
    catalog.recurringRuns().enable(me, id);
  }

  @Override
  public void disableRecurringRun(String id) {
    catalog.recurringRuns().disable(me, id);
  }

  @Override
  public void deleteRecurringRun(String id) {
    catalog.recurringRuns().delete(me, id);
  }

  @Override
  public void close() {
    engine.close();
  }

  private static <T> Optional<T> found(Supplier<T> lookup) {
    try {
      return Optional.of(lookup.get());
    } catch (CatalogException.NotFound e) {
      return Optional.empty();
    }
  }
}
