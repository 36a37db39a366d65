package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.deploy.render.InstallManifests;
import dev.skiff.deploy.values.DeployValues;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.S3Settings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code skiff.yaml} that {@code skiff render} puts in the server's ConfigMap loads with the
 * server's own {@link ConfigLoader}, with the environment the Deployment gives the container
 * (secrets stand in as fixed strings): the Kubernetes executor, the S3 store, the database and the
 * sign-in mode all come out as the values asked.
 */
class RenderedServerConfigTest {
  private static final Path VALUES = Path.of("../skiff-deploy/src/test/resources/render-values");

  @ParameterizedTest
  @ValueSource(strings = {"default", "gke-iap-gpu", "gateway-external-db"})
  void the_rendered_skiff_yaml_loads_with_the_servers_config_loader(String name, @TempDir Path dir)
      throws Exception {
    DeployValues values = DeployValues.read(VALUES.resolve(name + ".yaml"));
    List<HasMetadata> objects = InstallManifests.render(values);
    ConfigMap map = only(objects, ConfigMap.class);
    Path file = dir.resolve("skiff.yaml");
    Files.writeString(file, map.getData().get("skiff.yaml"));
    Deployment server = only(objects, Deployment.class);
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : server.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
      env.put(e.getName(), e.getValue() != null ? e.getValue() : "from-secret-" + e.getName());
    }
    env.put("SKIFF_HOME", dir.resolve("home").toString());

    SkiffConfig c =
        ConfigLoader.load(
            new ConfigLoader.Overrides(null, file, null, null, null, null, null), env);

    assertThat(c.http().host()).isEqualTo("0.0.0.0");
    assertThat(c.http().port()).isEqualTo(values.port());
    assertThat(c.engine().executor()).isEqualTo("kubernetes");
    assertThat(c.kubernetes().settings().namespace()).isEqualTo(values.namespace());
    assertThat(c.kubernetes().settings().image()).isEqualTo(values.image());
    assertThat(c.database().password()).isEqualTo("from-secret-SKIFF_DB_PASSWORD");
    assertThat(c.database().url()).startsWith("jdbc:postgresql://");
    assertThat(((S3Settings) c.artifacts()).bucket()).isEqualTo(values.artifacts().bucket());
    assertThat(c.auth().mode().name().toLowerCase()).isEqualTo(values.auth().mode());
    if (c.auth().mode() == AuthSettings.Mode.OIDC) {
      assertThat(c.auth().oidc().clientSecret()).isEqualTo("from-secret-SKIFF_OIDC_CLIENT_SECRET");
    }
    assertThat(c.kubernetes().settings().accelerators())
        .extracting(a -> a.type())
        .containsAll(values.kubernetes().accelerators());
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.getFirst();
  }
}
