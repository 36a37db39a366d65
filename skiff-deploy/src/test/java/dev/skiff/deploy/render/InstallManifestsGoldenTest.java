package dev.skiff.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered manifests compared with golden copies under {@code src/test/resources/
 * render-goldens/}. After an intended change, regenerate them and review the diff:
 *
 * <pre>
 * ./mvnw -pl skiff-deploy test -Dtest=InstallManifestsGoldenTest -Dskiff.goldens.update=true
 * </pre>
 */
class InstallManifestsGoldenTest {
  private static final Path GOLDENS = Path.of("src/test/resources/render-goldens");
  private static final boolean UPDATE = Boolean.getBoolean("skiff.goldens.update");

  @ParameterizedTest
  @ValueSource(strings = {"default", "gke-iap-gpu"})
  void the_manifests_match_their_golden_file(String values) throws Exception {
    String yaml = InstallManifests.yaml(InstallManifests.render(RenderFixtures.values(values)));
    Path golden = GOLDENS.resolve(values + ".yaml");
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, yaml, StandardCharsets.UTF_8);
    }
    assertThat(yaml)
        .as("%s (regenerate with -Dskiff.goldens.update=true)", golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
