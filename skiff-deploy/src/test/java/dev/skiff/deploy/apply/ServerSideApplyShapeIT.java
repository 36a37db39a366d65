package dev.skiff.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@link Installer#serverSide} sends a real API server: every write a server-side apply
 * (PATCH, Content-Type {@code application/apply-patch+yaml}, {@code
 * ?fieldManager=skiff&force=true}) of the labelled, hash-stamped object, the inventory included.
 * Expectation mode: the mock answers only what is expected (GETs are 404: nothing exists).
 */
@EnableKubernetesMockClient(
    https = false,
    kubernetesClientBuilderCustomizer = NoClientRetries.class)
class ServerSideApplyShapeIT {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void every_write_is_a_forced_server_side_apply_as_skiff() throws Exception {
    List<HasMetadata> objects =
        TestCluster.objects().stream()
            .filter(o -> List.of("Namespace", "ServiceAccount", "ConfigMap").contains(o.getKind()))
            .toList();
    List<String> paths = new ArrayList<>();
    paths.add("/api/v1/namespaces/skiff-test");
    paths.add("/api/v1/namespaces/skiff-test/configmaps/skiff-inventory");
    paths.add("/api/v1/namespaces/skiff-test/serviceaccounts/skiff");
    paths.add("/api/v1/namespaces/skiff-test/configmaps/skiff-config");
    for (String path : paths) {
      server
          .expect()
          .patch()
          .withPath(path + "?fieldManager=skiff&force=true")
          .andReturn(200, "{}")
          .once();
    }
    List<String> lines = new ArrayList<>();
    InstallReport report =
        Installer.serverSide(client, lines::add)
            .install(objects, TestCluster.options(Duration.ofSeconds(10)).withWait(false));
    assertThat(report.changed()).hasSize(3);

    ObjectMapper json = new ObjectMapper();
    List<String> patched = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (!r.getMethod().equals("PATCH")) {
        continue;
      }
      patched.add(r.getPath());
      assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
      JsonNode body = json.readTree(r.getBody().readUtf8());
      assertThat(body.path("metadata").path("labels").path("skiff.dev/install").asText())
          .isEqualTo("skiff");
      assertThat(body.path("metadata").has("resourceVersion")).isFalse();
      if (!r.getPath().contains("skiff-inventory")) {
        assertThat(body.path("metadata").path("annotations").path(AppliedHash.ANNOTATION).asText())
            .hasSize(32);
      }
    }
    assertThat(patched)
        .containsExactlyElementsOf(
            paths.stream().map(p -> p + "?fieldManager=skiff&force=true").toList());
  }
}
