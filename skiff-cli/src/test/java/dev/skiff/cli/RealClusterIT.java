package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.deploy.apply.ClusterClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: {@code skiff deploy}, a second deploy, {@code skiff status} and {@code skiff teardown}
 * against a real API server, the one {@code SKIFF_IT_KUBECONFIG} (a kubeconfig file, its current
 * context, cluster-admin) points at; skipped when it is unset. The API server may have no kubelet
 * (kube-apiserver + etcd alone): workloads then never become ready, so the deploy runs with {@code
 * --wait=false} (CRDs are still waited for) and status is expected to report them not ready. Uses a
 * namespace and install name of its own and removes them.
 */
class RealClusterIT {
  @TempDir Path dir;

  @Test
  void deploy_again_status_teardown_on_a_real_api_server() throws Exception {
    String kubeconfig = System.getenv("SKIFF_IT_KUBECONFIG");
    assumeTrue(
        kubeconfig != null && !kubeconfig.isBlank(),
        "SKIFF_IT_KUBECONFIG is not set: set it to a kubeconfig file of a disposable cluster to"
            + " run skiff deploy/status/teardown against a real API server");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String ns = "skiff-it-" + suffix;
    String name = "skiff-it-" + suffix;
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        name: %s
        namespace: %s
        image: ghcr.io/skiff/skiff:0.1.0
        artifacts:
          bucket: skiff-it-artifacts
        auth:
          mode: proxy
          proxy:
            trustedAddresses: [10.0.0.0/8]
        """
            .formatted(name, ns));

    CliRun first = run("deploy", "--values", values.toString(), "--wait=false", "--timeout", "5m");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("created  Namespace " + ns)
        .contains("created  CustomResourceDefinition profiles.kubeflow.org")
        .contains("Applied ");

    CliRun second = run("deploy", "--values", values.toString(), "--wait=false");
    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("No changes: all ").doesNotContain("created", "updated");

    CliRun status = run("status", "--values", values.toString());
    assertThat(status.out())
        .contains("ok      CustomResourceDefinition profiles.kubeflow.org  Established")
        .contains("ok      Namespace " + ns);

    CliRun teardown = run("teardown", "--values", values.toString(), "--yes", "--delete-data");
    assertThat(teardown.exit()).as(teardown.out() + teardown.err()).isZero();
    assertThat(teardown.out()).contains("nothing labelled skiff.dev/install=" + name + " remains");
    try (KubernetesClient client =
        ClusterClients.connect(Optional.of(Path.of(kubeconfig)), Optional.empty())) {
      assertThat(client.namespaces().withLabel("skiff.dev/install", name).list().getItems())
          .isEmpty();
    }
  }

  private static CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--kubeconfig";
    all[args.length + 1] = System.getenv("SKIFF_IT_KUBECONFIG");
    return CliRun.of(all);
  }
}
