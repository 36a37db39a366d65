package dev.skiff.cli;

import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.ListExperimentsResponse;
import dev.skiff.api.v2beta1.ListPipelineVersionsResponse;
import dev.skiff.api.v2beta1.ListPipelinesResponse;
import dev.skiff.api.v2beta1.ListRecurringRunsResponse;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.api.v2beta1.RecurringRun;
import dev.skiff.api.v2beta1.Run;
import java.util.List;
import java.util.Optional;

/**
 * Where the catalog commands ({@code skiff pipelines}, {@code experiments}, {@code runs}, {@code
 * schedules}) send their work: the catalog inside this process ({@link LocalCatalogClient}) or a
 * server's v2beta1 API ({@link HttpCatalogClient}). Both answer with the API's records, so that
 * each command prints the same either way; {@link RunClients#openCatalog} picks the transport.
 * Unknown ids and names come back empty; what the catalog refuses is a {@link UsageError}-like
 * one-line failure (exit 2).
 */
interface CatalogClient extends AutoCloseable {

  /** Uploads a pipeline file as a new pipeline (its first version). */
  Pipeline uploadPipeline(byte[] file, String fileName, String name, String description);

  /** Uploads a pipeline file as a new version of a pipeline. */
  PipelineVersion uploadVersion(
      String pipelineId, byte[] file, String fileName, String versionName, String description);

  /** A page of pipelines, oldest first. */
  ListPipelinesResponse listPipelines(int pageSize, String pageToken);

  /** A pipeline by id. */
  Optional<Pipeline> pipeline(String id);

  /** A pipeline by name. */
  Optional<Pipeline> pipelineNamed(String name);

  /** A page of a pipeline's versions, oldest first. */
  ListPipelineVersionsResponse versions(String pipelineId, int pageSize, String pageToken);

  /** Deletes a pipeline with its versions. */
  void deletePipeline(String id);

  /** Creates an experiment. */
  Experiment createExperiment(String name, String description);

  /** A page of experiments, oldest first. */
  ListExperimentsResponse listExperiments(int pageSize, String pageToken);

  /** An experiment by id. */
  Optional<Experiment> experiment(String id);

  /** An experiment by name. */
  Optional<Experiment> experimentNamed(String name);

  /** Archives an experiment and its runs. */
  void archiveExperiment(String id);

  /** A run with its tasks. */
  Optional<Run> run(String id);

  /** Runs, newest first, without tasks. */
  List<Run> runs(int limit);

  /** Retries a failed or canceled run and waits until it has finished again. */
  Run retryRun(String id);

  /** Archives a run. */
  void archiveRun(String id);

  /** Deletes a run. */
  void deleteRun(String id);

  /** Creates a recurring run from KFP's {@code RecurringRun} as sent. */
  RecurringRun createRecurringRun(RecurringRun request);

  /** A page of recurring runs, oldest first. */
  ListRecurringRunsResponse listRecurringRuns(int pageSize, String pageToken);

  /** A recurring run by id. */
  Optional<RecurringRun> recurringRun(String id);

  /** A recurring run by name. */
  Optional<RecurringRun> recurringRunNamed(String name);

  /** Enables a recurring run (its next tick is the first after now). */
  void enableRecurringRun(String id);

  /** Disables a recurring run. */
  void disableRecurringRun(String id);

  /** Deletes a recurring run; its runs stay. */
  void deleteRecurringRun(String id);

  @Override
  void close();
}
