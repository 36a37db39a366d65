package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request shape of what the reconciler writes on a real API server: server-side apply (PATCH
 * {@code application/apply-patch+yaml}) with field manager {@code skiff}, forcing conflicts. The
 * mock server refuses server-side apply in CRUD mode, so this runs in expectation mode and checks
 * the requests themselves.
 */
@EnableKubernetesMockClient(https = false)
class ProfileServerSideApplyIT {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void everyProfileObjectIsServerSideAppliedAsSkiffWithForce() throws Exception {
    ProfileObjects objects =
        new ProfileObjects(
            ProfileObjectsTest.profile("team-a", ProfileObjectsTest.fullSpec()), "skiff");
    List<HasMetadata> desired = new ArrayList<>();
    desired.add(objects.namespaceObject());
    desired.addAll(objects.serviceAccounts());
    desired.addAll(objects.fixedBindings());
    desired.add(objects.quota());
    desired.add(objects.networkPolicy());
    for (HasMetadata o : desired) {
      server
          .expect()
          .patch()
          .withPath(path(o) + "?fieldManager=skiff&force=true")
          .andReturn(200, o)
          .once();
    }

    Applier applier = Applier.serverSide(client, KubernetesSettings.FIELD_MANAGER);
    desired.forEach(applier::apply);

    ObjectMapper json = new ObjectMapper();
    for (HasMetadata o : desired) {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("request for " + o.getKind()).isNotNull();
      assertThat(r.getMethod()).isEqualTo("PATCH");
      assertThat(r.getPath()).isEqualTo(path(o) + "?fieldManager=skiff&force=true");
      assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
      JsonNode body = json.readTree(r.getBody().readUtf8());
      assertThat(body.path("kind").asText()).isEqualTo(o.getKind());
      assertThat(body.path("metadata").path("name").asText()).isEqualTo(o.getMetadata().getName());
      assertThat(body.path("metadata").has("resourceVersion")).isFalse();
      assertThat(body.path("metadata").has("managedFields")).isFalse();
    }
  }

  private static String path(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    String name = o.getMetadata().getName();
    return switch (o.getKind()) {
      case "Namespace" -> "/api/v1/namespaces/" + name;
      case "ServiceAccount" -> "/api/v1/namespaces/" + ns + "/serviceaccounts/" + name;
      case "ResourceQuota" -> "/api/v1/namespaces/" + ns + "/resourcequotas/" + name;
      case "RoleBinding" ->
          "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings/" + name;
      case "NetworkPolicy" ->
          "/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies/" + name;
      default -> throw new IllegalArgumentException(o.getKind());
    };
  }
}
