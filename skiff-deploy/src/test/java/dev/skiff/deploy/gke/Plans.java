package dev.skiff.deploy.gke;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Requests and facts the GKE plan tests share. */
final class Plans {
  static final Path FACTS = Path.of("src/test/resources/gke-facts");

  /** The install of issue 15: Kubeflow in asia-northeast1, a new project. */
  static final Path ISSUE15 = FACTS.resolve("asia-northeast1-issue15");

  /** A project made ready for Skiff in us-central1. */
  static final Path READY = FACTS.resolve("us-central1-ready");

  private Plans() {}

  static GkePlanRequest request(String project, Location location, int nodes, String gpu) {
    return new GkePlanRequest(
        project,
        location,
        "skiff",
        "e2-standard-4",
        nodes,
        gpu == null ? Optional.empty() : Optional.of(GpuRequest.parse(gpu, 1)),
        null,
        null,
        null,
        false,
        List.of(),
        false,
        null,
        "0.1.0");
  }

  /** The default plan: zonal, 2 × e2-standard-4, nothing else. */
  static GkePlanRequest defaults() {
    return request("my-proj", new Location.Zone("us-central1-a"), 2, null);
  }

  /** GKE + IAP + GPU + domain (+ Cloud SQL and Cloud DNS). */
  static GkePlanRequest full() {
    return new GkePlanRequest(
        "my-proj",
        new Location.Zone("us-central1-a"),
        "skiff",
        "e2-standard-4",
        2,
        Optional.of(GpuRequest.parse("nvidia-tesla-t4:1", 2)),
        null,
        "skiff.example.com",
        "example-com",
        true,
        List.of("user:a@example.com", "group:ml@example.com"),
        true,
        null,
        "0.1.0");
  }

  static ProjectFacts facts(Path dir, GkePlanRequest r) {
    return FactsReader.read(dir, r.project(), r.location().region());
  }
}
