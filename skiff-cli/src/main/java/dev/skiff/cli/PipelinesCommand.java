package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.ListPipelineVersionsResponse;
import dev.skiff.api.v2beta1.ListPipelinesResponse;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff pipelines upload|list|get|delete}: the stored pipelines of the API (KFP's {@code
 * upload_pipeline}, {@code list_pipelines}, ...), in this process or through the server.
 */
@Command(
    name = "pipelines",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Upload, list, show and delete stored pipelines.",
    subcommands = {
      PipelinesCommand.Upload.class,
      PipelinesCommand.ListPipelines.class,
      PipelinesCommand.Get.class,
      PipelinesCommand.Delete.class
    },
    commandListHeading = "%nCommands:%n")
final class PipelinesCommand {

  /** A pipeline by id, else by name. */
  static Pipeline find(CatalogClient catalog, String idOrName) {
    return catalog
        .pipeline(idOrName)
        .or(() -> catalog.pipelineNamed(idOrName))
        .orElseThrow(
            () -> new UsageError("no pipeline '" + idOrName + "' (see 'skiff pipelines list')"));
  }

  /** {@code skiff pipelines upload FILE}. */
  @Command(
      name = "upload",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Store a compiled pipeline (YAML or JSON, or a .tar.gz/.zip package): as a new pipeline,",
        "or with --version-of as a new version of a stored one. It is validated first."
      })
  static final class Upload implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file.")
    Path file;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The pipeline's name (default: the file name without its extension).")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
    String description;

    @Option(
        names = "--version-of",
        paramLabel = "PIPELINE",
        description = "Upload as a new version of this pipeline (id or name).")
    String versionOf;

    @Option(
        names = "--version-name",
        paramLabel = "NAME",
        description = "The new version's name (with --version-of; default: the file name).")
    String version;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: the KFP Pipeline (or PipelineVersion) stored.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      if (version != null && versionOf == null) {
        throw new UsageError(
            "--version-name names a version of a stored pipeline: add --version-of");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new UsageError("no such file: " + file);
      } catch (IOException e) {
        throw new UsageError("cannot read " + file + ": " + e.getMessage());
      }
      String fileName = String.valueOf(file.getFileName());
      PrintWriter out = spec.commandLine().getOut();
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        if (versionOf != null) {
          Pipeline p = find(catalog, versionOf);
          PipelineVersion v =
              catalog.uploadVersion(p.pipelineId(), bytes, fileName, version, description);
          out.println(
              json
                  ? ApiJson.write(v)
                  : "uploaded version "
                      + v.name()
                      + " ("
                      + v.pipelineVersionId()
                      + ") of pipeline "
                      + p.name());
        } else {
          Pipeline p = catalog.uploadPipeline(bytes, fileName, name, description);
          out.println(
              json
                  ? ApiJson.write(p)
                  : "uploaded pipeline " + p.name() + " (" + p.pipelineId() + ")");
        }
        return 0;
      }
    }
  }

  /** {@code skiff pipelines list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List stored pipelines, oldest first.")
  static final class ListPipelines implements Callable<Integer> {
    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 100).")
    int limit = 100;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: KFP's {\"pipelines\": [...], \"total_size\": n}.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      Limits.check(limit);
      PrintWriter out = spec.commandLine().getOut();
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        ListPipelinesResponse r = catalog.listPipelines(limit, "");
        if (json) {
          out.println(ApiJson.write(r));
          return 0;
        }
        out.printf("%-36s  %-30s  %-20s  %s%n", "PIPELINE ID", "NAME", "CREATED", "DESCRIPTION");
        for (Pipeline p : r.pipelines()) {
          out.printf(
              "%-36s  %-30s  %-20s  %s%n",
              p.pipelineId(),
              GetCommand.truncate(p.name(), 30),
              p.createdAt().toString().substring(0, 19).replace('T', ' '),
              p.description() == null ? "" : GetCommand.truncate(p.description(), 40));
        }
        if (r.totalSize() != null && r.totalSize() > r.pipelines().size()) {
          out.printf("(%d of %d; see --limit)%n", r.pipelines().size(), r.totalSize());
        }
        return 0;
      }
    }
  }

  /** {@code skiff pipelines get PIPELINE}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Show a stored pipeline and its versions.")
  static final class Get implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline id or name.")
    String pipeline;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: the KFP Pipeline.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      PrintWriter out = spec.commandLine().getOut();
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        Pipeline p = find(catalog, pipeline);
        if (json) {
          out.println(ApiJson.write(p));
          return 0;
        }
        out.printf("pipeline:    %s%n", p.pipelineId());
        out.printf("name:        %s%n", p.name());
        if (!p.displayName().equals(p.name())) {
          out.printf("shown as:    %s%n", p.displayName());
        }
        if (p.description() != null) {
          out.printf("description: %s%n", p.description());
        }
        out.printf("created:     %s%n", p.createdAt());
        List<PipelineVersion> versions = new ArrayList<>();
        String token = "";
        do {
          ListPipelineVersionsResponse page = catalog.versions(p.pipelineId(), 1000, token);
          versions.addAll(page.pipelineVersions());
          token = page.nextPageToken() == null ? "" : page.nextPageToken();
        } while (!token.isEmpty());
        out.println();
        out.printf("%-36s  %-30s  %s%n", "VERSION ID", "NAME", "CREATED");
        for (PipelineVersion v : versions) {
          out.printf(
              "%-36s  %-30s  %s%n",
              v.pipelineVersionId(),
              GetCommand.truncate(v.name(), 30),
              v.createdAt().toString().substring(0, 19).replace('T', ' '));
        }
        return 0;
      }
    }
  }

  /** {@code skiff pipelines delete PIPELINE}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Delete a stored pipeline with its versions (runs made from it stay).")
  static final class Delete implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline id or name.")
    String pipeline;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: {} as the API answers.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        Pipeline p = find(catalog, pipeline);
        catalog.deletePipeline(p.pipelineId());
        spec.commandLine()
            .getOut()
            .println(json ? "{}" : "deleted pipeline " + p.name() + " (" + p.pipelineId() + ")");
        return 0;
      }
    }
  }
}
