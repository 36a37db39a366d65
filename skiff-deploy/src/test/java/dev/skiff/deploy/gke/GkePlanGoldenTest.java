package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plan's files compared with golden copies under {@code src/test/resources/gke-goldens/}: the
 * default plan and a GKE + IAP + GPU + domain plan (with Cloud SQL and Cloud DNS). After an
 * intended change, regenerate them and review the diff:
 *
 * <pre>
 * ./mvnw -pl skiff-deploy test -Dtest=GkePlanGoldenTest -Dskiff.goldens.update=true
 * </pre>
 */
class GkePlanGoldenTest {
  private static final Path GOLDENS = Path.of("src/test/resources/gke-goldens");
  private static final boolean UPDATE = Boolean.getBoolean("skiff.goldens.update");

  @ParameterizedTest
  @ValueSource(strings = {"default", "iap-gpu-domain"})
  void the_plan_matches_its_golden_files(String plan) throws Exception {
    GkePlanRequest r = plan.equals("default") ? Plans.defaults() : Plans.full();
    GkePlan p = GkePlan.of(r, Optional.of(Plans.facts(Plans.READY, r)), null, true);
    List<String> compared =
        plan.equals("default")
            ? List.of("install.sh", "skiff.yaml", "plan.txt", "teardown.sh", "verify-teardown.sh")
            : List.of(
                "install.sh",
                "skiff.yaml",
                "plan.txt",
                "teardown.sh",
                "verify-teardown.sh",
                "backendconfig.yaml",
                "iap-audience.sh");
    assertThat(p.files().keySet()).containsExactlyInAnyOrderElementsOf(compared);
    for (String name : compared) {
      Path golden = GOLDENS.resolve(plan).resolve(name);
      if (UPDATE) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, p.files().get(name), StandardCharsets.UTF_8);
      }
      assertThat(p.files().get(name))
          .as("%s/%s (regenerate with -Dskiff.goldens.update=true)", plan, name)
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "iap-gpu-domain"})
  void every_script_is_valid_bash(String plan, @TempDir Path dir) throws Exception {
    GkePlanRequest r = plan.equals("default") ? Plans.defaults() : Plans.full();
    for (Path script :
        GkePlan.of(r, Optional.of(Plans.facts(Plans.READY, r)), null, true).write(dir)) {
      if (!script.toString().endsWith(".sh")) {
        continue;
      }
      assertThat(script).isExecutable();
      Process bash =
          new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
      String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor()).as("bash -n %s: %s", script.getFileName(), out).isZero();
    }
  }

  @Test
  void without_facts_the_plan_is_written_and_the_preflight_says_what_it_skipped(@TempDir Path dir) {
    GkePlan p = GkePlan.of(Plans.defaults(), Optional.empty(), "no gcloud and no --facts", false);
    assertThat(p.write(dir))
        .extracting(f -> f.getFileName().toString())
        .containsExactly("install.sh", "skiff.yaml", "plan.txt");
    assertThat(p.preflight().feasible()).isTrue();
    assertThat(p.preflight().render())
        .contains(
            "ok       Names", "skipped  quotas, GPU offers and APIs: no gcloud and no --facts")
        .endsWith("Preflight passed the checks it could run.\n");
    // Without the project's facts, the number stays a placeholder that iap-audience.sh fills in.
    GkePlan iap = GkePlan.of(Plans.full(), Optional.empty(), "none", false);
    assertThat(iap.files().get("skiff.yaml"))
        .contains("audience: /projects/PROJECT_NUMBER/global/backendServices/BACKEND_SERVICE_ID");
    assertThat(iap.needs().zones()).isEqualTo(1);
    GkePlan regional =
        GkePlan.of(
            Plans.request("my-proj", new Location.Region("us-central1"), 2, null),
            Optional.empty(),
            "none",
            false);
    assertThat(regional.files().get("plan.txt"))
        .contains(
            "REGIONAL cluster skiff in us-central1 (3 zones, assumed: read the region's facts to know)");
  }
}
