package dev.skiff.cli;

import dev.skiff.deploy.apply.ClusterClients;
import dev.skiff.deploy.apply.InstallException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --kubeconfig} and {@code --context}, shared by deploy, status and teardown. */
final class ClusterOptions {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)");

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "CTX",
      description = "Kubeconfig context (default: the current context).")
  String context;

  /** A client for the chosen cluster, checked to answer. */
  KubernetesClient connect() {
    KubernetesClient client;
    try {
      client =
          ClusterClients.connect(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    try {
      ClusterClients.check(client);
    } catch (InstallException e) {
      client.close();
      throw new CommandFailure(e.getMessage());
    }
    return client;
  }

  /** Parses {@code 90s}, {@code 10m}, {@code 1h}. */
  static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UsageError(
          option + " must be a positive duration like 90s, 10m or 1h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
