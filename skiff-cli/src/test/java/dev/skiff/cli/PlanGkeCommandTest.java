package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.deploy.gke.ClusterConfigFile;
import dev.skiff.server.config.ConfigException;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff plan gke}: exit codes 0 (feasible), 1 (problems, all listed) and 2 (bad input, one
 * line), the files it writes, and its skiff.yaml loaded by the server's own ConfigLoader.
 */
class PlanGkeCommandTest {
  private static final Path FACTS = Path.of("../skiff-deploy/src/test/resources/gke-facts");

  @Test
  void a_feasible_plan_exits_0_and_its_skiff_yaml_loads(@TempDir Path out) {
    CliRun r =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--gpu",
            "nvidia-tesla-t4:1",
            "--facts",
            FACTS.resolve("us-central1-ready").toString(),
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("Wrote install.sh, skiff.yaml, plan.txt to " + out, "Preflight passed");
    assertThat(out.resolve("install.sh")).isExecutable();
    SkiffConfig config = load(out.resolve("skiff.yaml"), Map.of());
    assertThat(config.engine().executor()).isEqualTo("kubernetes");
    S3Settings s3 = (S3Settings) config.artifacts();
    assertThat(s3.bucket()).isEqualTo("my-proj-skiff-artifacts");
    assertThat(s3.endpoint())
        .hasValueSatisfying(
            u -> assertThat(u.toString()).isEqualTo("https://storage.googleapis.com"));
    assertThat(config.kubernetes().settings().artifactSecret()).isEqualTo("skiff-artifacts");
    assertThat(config.kubernetes().settings().accelerator("NVIDIA_TESLA_T4")).isPresent();
  }

  @Test
  void the_issue_15_install_exits_1_with_every_problem_listed(@TempDir Path out) throws Exception {
    CliRun r =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "kf-tokyo",
            "--region",
            "asia-northeast1",
            "--nodes",
            "4",
            "--facts",
            FACTS.resolve("asia-northeast1-issue15").toString(),
            "--out",
            out.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "REGIONAL cluster skiff in asia-northeast1 (3 zones)",
            "4 nodes per zone × 3 zones = 12")
        .contains("PROBLEM  CPUS (asia-northeast1): needs 48", "available 24")
        .contains("PROBLEM  CPUS_ALL_REGIONS (project): needs 48", "available 32")
        .contains("PROBLEM  IN_USE_ADDRESSES (asia-northeast1): needs 12", "available 8")
        .contains("PROBLEM  APIs: not enabled: container.googleapis.com")
        .contains("https://console.cloud.google.com/iam-admin/quotas?project=kf-tokyo");
    assertThat(Files.readString(out.resolve("plan.txt")))
        .contains("PROBLEM  CPUS (asia-northeast1)");
  }

  @Test
  void an_iap_plan_loads_once_iap_audience_sh_has_filled_in_the_backend_service(@TempDir Path out)
      throws Exception {
    CliRun r =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--gpu",
            "nvidia-tesla-t4:1",
            "--domain",
            "skiff.example.com",
            "--iap",
            "--iap-users",
            "user:a@example.com,group:ml@example.com",
            "--cloud-sql",
            "--teardown",
            "--facts",
            FACTS.resolve("us-central1-ready").toString(),
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(out.resolve("teardown.sh")).exists();
    assertThat(out.resolve("verify-teardown.sh")).exists();
    Path yaml = out.resolve("skiff.yaml");
    // As written, the placeholder is refused: the server never runs with an unchecked audience.
    assertThatThrownBy(() -> load(yaml, Map.of("SKIFF_DB_PASSWORD", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.iap.audience");
    // What iap-audience.sh's sed does, with the id GKE gave the backend service.
    assertThat(Files.readString(out.resolve("iap-audience.sh")))
        .contains(ClusterConfigFile.AUDIENCE_PATTERN);
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replaceAll(
                ClusterConfigFile.AUDIENCE_PATTERN,
                "/projects/123456789012/global/backendServices/4827361528374650123"));
    SkiffConfig config = load(yaml, Map.of("SKIFF_DB_PASSWORD", "x"));
    assertThat(config.auth().iap().audience())
        .isEqualTo("/projects/123456789012/global/backendServices/4827361528374650123");
    assertThat(config.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/skiff");
  }

  @Test
  void a_gcloud_that_cannot_run_is_one_line_and_exit_1(@TempDir Path out) {
    CliRun r =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--gcloud",
            out.resolve("no-such-gcloud").toString(),
            "--out",
            out.toString());
    // A --gcloud that is not there fails as a command failure, not bad input.
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("gcloud compute regions describe us-central1", "--facts DIR");
  }

  @Test
  void gcloud_is_run_for_the_facts_when_given(@TempDir Path out) throws Exception {
    Path facts = FACTS.resolve("us-central1-ready").toAbsolutePath();
    Path gcloud = out.resolve("gcloud");
    Files.writeString(
        gcloud,
        """
        #!/bin/sh
        # Answers the four read-only commands from saved outputs, as gcloud would print them.
        case "$1 $2 $3" in
          "compute regions describe") cat %1$s/region.json ;;
          "compute project-info describe") cat %1$s/project.json ;;
          "compute accelerator-types list") cat %1$s/accelerator-types.json ;;
          "services list --enabled") cat %1$s/services.json ;;
          *) echo "ERROR: unexpected: $*" >&2; exit 1 ;;
        esac
        """
            .formatted(facts));
    gcloud.toFile().setExecutable(true);
    CliRun r =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--gcloud",
            gcloud.toString(),
            "--out",
            out.resolve("plan").toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("ok       CPUS (us-central1): needs 8 vCPUs", "Preflight passed");
  }

  @Test
  void bad_input_and_bad_facts_are_one_line_and_exit_2(@TempDir Path out) throws Exception {
    CliRun both =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--region",
            "us-central1");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.errLines()).hasSize(1);
    CliRun gpu =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--gpu",
            "t4",
            "--out",
            out.toString());
    assertThat(gpu.exit()).isEqualTo(2);
    assertThat(gpu.err())
        .isEqualTo(
            "skiff: --gpu: unknown GPU type 't4'; known: nvidia-tesla-t4, nvidia-l4, nvidia-tesla-v100,"
                + " nvidia-tesla-p100, nvidia-tesla-p4, nvidia-tesla-a100, nvidia-a100-80gb, nvidia-h100-80gb\n");
    Path facts = Files.createDirectories(out.resolve("facts"));
    CliRun missing =
        CliRun.of(
            "plan",
            "gke",
            "--project",
            "my-proj",
            "--zone",
            "us-central1-a",
            "--facts",
            facts.toString(),
            "--out",
            out.resolve("plan").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.errLines()).hasSize(1);
    assertThat(missing.err()).contains(facts.resolve("region.json") + ": missing");
    assertThat(out.resolve("plan")).doesNotExist();
  }

  private static SkiffConfig load(Path yaml, Map<String, String> env) {
    return ConfigLoader.load(
        new ConfigLoader.Overrides(
            yaml.getParent().resolve("home"), yaml, null, null, null, null, null),
        env);
  }
}
