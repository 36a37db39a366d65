package dev.skiff.deploy.gke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GKE install plan: its files and its preflight. Making one reads only the facts it is given;
 * {@link #write} puts the files in a folder. Nothing here calls Google Cloud.
 *
 * @param files file name to text, in the order they are written
 * @param needs what the cluster takes from the project's quotas
 * @param preflight the preflight's findings
 */
public record GkePlan(Map<String, String> files, ResourceNeeds needs, PreflightReport preflight) {
  public GkePlan {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * Plans {@code request}; {@code facts} when the project's facts were read, else {@code skipped}
   * says why the checks that need them did not run.
   */
  public static GkePlan of(
      GkePlanRequest request, Optional<ProjectFacts> facts, String skipped, boolean teardown) {
    ResourceNeeds needs = ResourceNeeds.of(request, facts.map(f -> f.zones().size()));
    Preflight preflight = new Preflight(request);
    PreflightReport report =
        facts.map(preflight::run).orElseGet(() -> preflight.withoutFacts(skipped));
    ClusterConfigFile config =
        new ClusterConfigFile(request, facts.flatMap(ProjectFacts::projectNumber));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("install.sh", new InstallScript(request, needs).render());
    files.put("skiff.yaml", config.render());
    files.put("plan.txt", PlanSummary.render(request, needs, report));
    if (request.iap()) {
      files.put("backendconfig.yaml", IngressSteps.backendConfig());
      files.put("iap-audience.sh", config.audienceScript());
    }
    if (teardown) {
      TeardownScript t = new TeardownScript(request);
      files.put("teardown.sh", t.render());
      files.put("verify-teardown.sh", t.verifyScript());
    }
    return new GkePlan(files, needs, report);
  }

  /** Writes the files into {@code dir} (created if needed; scripts made executable). */
  public List<Path> write(Path dir) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (var e : files.entrySet()) {
        Path file = dir.resolve(e.getKey());
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
        if (e.getKey().endsWith(".sh")) {
          try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
          } catch (UnsupportedOperationException notPosix) {
            // The script still runs with `bash install.sh`.
          }
        }
        written.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the plan into " + dir + ": " + e.getMessage(), e);
    }
    return written;
  }
}
