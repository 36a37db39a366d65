package dev.skiff.kubernetes.operator;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Makes fabric8's mock server (CRUD mode) ready for a {@link SkiffOperator}: Skiff's CRDs are
 * created in it (so the custom resources are discoverable and their status is a subresource), and
 * the SelfSubjectRulesReview JOSDK sends before leader election is answered as an API server would
 * answer it for Skiff's RBAC (the mock cannot: it would store the review and answer 422).
 */
public final class MockOperatorCluster {
  private MockOperatorCluster() {}

  /** Prepares {@code server} (a {@code crud = true} mock) through its {@code client}. */
  public static void prepare(KubernetesMockServer server, KubernetesClient client) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewMetadata()
                .endMetadata()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
    CustomResourceDefinitions.all().forEach(crd -> client.resource(crd).create());
  }
}
