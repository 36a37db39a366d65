package dev.skiff.server.cluster;

import dev.skiff.kubernetes.operator.profile.ProfileSync;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a profile's namespace exists before a pod or a notebook server is created in it. A
 * profile made outside the catalog (a user's default profile, at first sign-in) gets its Profile
 * resource only at the next resync; the first step or server in it syncs the profile at once and
 * waits, briefly, for the operator to make its namespace. Best effort: after the wait the creation
 * goes ahead and the API server has the last word.
 */
final class ProfileNamespaces {
  private static final Logger log = LoggerFactory.getLogger(ProfileNamespaces.class);
  private static final long POLL_MILLIS = 200;

  private final KubernetesClient client;
  private final ProfileSync profiles;
  private final String skiffNamespace;
  private final Duration wait;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  ProfileNamespaces(
      KubernetesClient client, ProfileSync profiles, String skiffNamespace, Duration wait) {
    this.client = client;
    this.profiles = profiles;
    this.skiffNamespace = skiffNamespace;
    this.wait = wait;
  }

  /** Returns once the namespace of {@code profile} exists, or after the wait. */
  void await(String profile) {
    String namespace = profile.isEmpty() ? skiffNamespace : profile;
    if (ready.contains(namespace)) {
      return;
    }
    try {
      if (!exists(namespace) && !profile.isEmpty()) {
        profiles.sync(profile);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!exists(namespace) && System.nanoTime() < deadline) {
          Thread.sleep(POLL_MILLIS);
        }
      }
      if (exists(namespace)) {
        ready.add(namespace);
      } else {
        log.warn("namespace {} does not exist after {}; creating in it anyway", namespace, wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("cannot check namespace {}: {}", namespace, e.toString());
    }
  }

  /** A profile changed or went: its namespace is checked again before the next creation. */
  void forget(String profile) {
    ready.remove(profile);
  }

  private boolean exists(String namespace) {
    return client.namespaces().withName(namespace).get() != null;
  }
}
