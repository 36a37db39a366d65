package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Consumer;

/**
 * Turns fabric8's own HTTP retries off in the mock client, so the tests see the installer's retry
 * policy alone (as {@code skiff deploy} sets them low on real clients).
 */
public final class NoClientRetries implements Consumer<KubernetesClientBuilder> {
  @Override
  public void accept(KubernetesClientBuilder builder) {
    builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig();
  }
}
