package dev.skiff.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which errors an install waits out, and that everything else is permanent. */
class TransientErrorsTest {
  static final ObjectRef PROFILE = new ObjectRef("kubeflow.org/v1", "Profile", "", "team-a");
  static final ObjectRef SA = new ObjectRef("v1", "ServiceAccount", "skiff", "skiff");

  static KubernetesClientException error(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }

  @Test
  void webhook_outages_throttling_and_server_errors_are_transient() {
    assertThat(
            TransientErrors.reason(
                error(500, "Internal error occurred: failed calling webhook \"x\": connect: x"),
                SA,
                Set.of()))
        .hasValue("failed calling webhook");
    assertThat(
            TransientErrors.reason(
                error(500, "no endpoints available for service \"cert-manager-webhook\""),
                SA,
                Set.of()))
        .hasValue("no endpoints available");
    assertThat(TransientErrors.reason(error(429, "slow down"), SA, Set.of()))
        .hasValue("429 too many requests");
    assertThat(TransientErrors.reason(error(503, "unavailable"), SA, Set.of()))
        .hasValue("503 server error");
    assertThat(
            TransientErrors.reason(
                new KubernetesClientException("io", new ConnectException("refused")), SA, Set.of()))
        .hasValue("connection refused");
  }

  @Test
  void a_kind_not_yet_served_is_transient_only_when_this_install_defines_it() {
    KubernetesClientException notFound = error(404, "the server could not find the resource");
    assertThat(TransientErrors.reason(notFound, PROFILE, Set.of("kubeflow.org")))
        .hasValue("kind Profile not served yet");
    assertThat(TransientErrors.reason(notFound, PROFILE, Set.of())).isEmpty();
    KubernetesClientException noHandler =
        new KubernetesClientException(
            "Could not find a registered handler for item: [Profile, name=team-a]");
    assertThat(TransientErrors.reason(noHandler, PROFILE, Set.of("kubeflow.org")))
        .hasValue("kind Profile not in discovery yet");
    assertThat(TransientErrors.reason(noHandler, PROFILE, Set.of())).isEmpty();
    assertThat(InstallException.of("read", PROFILE, noHandler).getMessage())
        .contains("Fix: kind Profile (kubeflow.org/v1) is not served by this cluster");
  }

  @Test
  void invalid_forbidden_unauthorized_and_conflicts_are_permanent() {
    for (int code : new int[] {400, 401, 403, 404, 409, 415, 422}) {
      assertThat(TransientErrors.reason(error(code, "no"), SA, Set.of())).as("" + code).isEmpty();
    }
  }

  @Test
  void a_permanent_error_names_the_object_and_a_fix_on_one_line() {
    String message =
        InstallException.of("apply", SA, error(403, "serviceaccounts is forbidden:\n user x"))
            .getMessage();
    assertThat(message)
        .isEqualTo(
            "apply ServiceAccount skiff/skiff failed (HTTP 403): serviceaccounts is forbidden:"
                + " user x. Fix: your account may not write ServiceAccount; install with a"
                + " cluster-admin context (Skiff creates CRDs and ClusterRoles)");
  }
}
