package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
}
