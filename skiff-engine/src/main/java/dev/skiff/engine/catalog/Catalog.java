package dev.skiff.engine.catalog;

import dev.skiff.engine.drive.RunService;
import dev.skiff.store.Database;
import dev.skiff.store.query.PageTokens;
import java.time.Clock;

/**
 * The platform's catalog, the one service layer behind the API's pipelines, pipeline versions,
 * experiments, runs and recurring runs: the HTTP routes, the CLI (in-process or through a server)
 * and later the dashboard all call it; profiles and their members too. Each method takes the {@link
 * Requester}, whose profile bounds what it sees and where what it creates lands.
 *
 * <pre>{@code
 * Catalog catalog = Catalog.open(database, engine.runs(), CatalogSettings.DEFAULTS);
 * Requester me = new Requester("ada", "ada");
 * var made = catalog.pipelines().upload(me, bytes, "p.yaml", new NewPipeline("", "", "", ""));
 * }</pre>
 */
public final class Catalog {
  private final PipelineCatalog pipelines;
  private final ExperimentCatalog experiments;
  private final RunCatalog runs;
  private final RecurringRunCatalog recurringRuns;
  private final ProfileCatalog profiles;

  private Catalog(
      PipelineCatalog pipelines,
      ExperimentCatalog experiments,
      RunCatalog runs,
      RecurringRunCatalog recurringRuns,
      ProfileCatalog profiles) {
    this.profiles = profiles;
    this.pipelines = pipelines;
    this.experiments = experiments;
    this.runs = runs;
    this.recurringRuns = recurringRuns;
  }

  /** The catalog over a database and the engine that drives its runs. */
  public static Catalog open(Database database, RunService runService, CatalogSettings settings) {
    return open(database, runService, settings, Clock.systemUTC());
  }

  /** The catalog with a clock of the caller's (tests). */
  public static Catalog open(
      Database database, RunService runService, CatalogSettings settings, Clock clock) {
    Lists lists = new Lists(PageTokens.fromSettings(database.settings()));
    PipelineCatalog pipelines =
        new PipelineCatalog(
            database.pipelines(), database.profiles(), lists, new PipelineFiles(settings), clock);
    ExperimentCatalog experiments = new ExperimentCatalog(database.experiments(), lists, clock);
    RunCatalog runs = new RunCatalog(runService, database.runs(), experiments, pipelines, lists);
    RecurringRunCatalog recurringRuns =
        new RecurringRunCatalog(
            database.recurringRuns(), experiments, pipelines, runs, lists, clock);
    ProfileCatalog profiles =
        new ProfileCatalog(
            database.profiles(),
            database.identity().members(),
            database.identity().users(),
            new dev.skiff.store.ProfileContents(database.jdbi()),
            runService,
            clock);
    return new Catalog(pipelines, experiments, runs, recurringRuns, profiles);
  }

  /** Pipelines and their versions. */
  public PipelineCatalog pipelines() {
    return pipelines;
  }

  /** Experiments. */
  public ExperimentCatalog experiments() {
    return experiments;
  }

  /** Runs. */
  public RunCatalog runs() {
    return runs;
  }

  /** Profiles and their members. */
  public ProfileCatalog profiles() {
    return profiles;
  }

  /** Recurring runs (schedules); their ticks are fired by a {@code RecurringRunScheduler}. */
  public RecurringRunCatalog recurringRuns() {
    return recurringRuns;
  }
}
