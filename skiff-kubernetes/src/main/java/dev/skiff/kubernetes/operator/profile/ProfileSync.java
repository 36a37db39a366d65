package dev.skiff.kubernetes.operator.profile;

import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfileSpec;
import dev.skiff.store.ProfileRepository;
import dev.skiff.store.identity.ProfileQuota;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps one {@link Profile} resource per Skiff profile: Skiff's profile row is the source of truth
 * for the owner and the quota; plugins (workload identity) are the cluster admin's and are kept.
 * The server calls {@link #sync} after it creates, changes or deletes a profile, and {@link
 * #syncAll} at start.
 *
 * <p>Writes are a create, or an edit (JSON patch) of {@code spec.owner} and {@code
 * spec.resourceQuotaSpec} only, so fields others set stay. Only Profiles labelled as Skiff's are
 * ever deleted; a hand-made Profile is left alone.
 */
public final class ProfileSync {
  private static final int HTTP_CONFLICT = 409;

  /** The label on Profiles this class made. */
  public static final String SYNCED_LABEL = ProfileObjects.MANAGED_BY;

  private final KubernetesClient client;
  private final ProfileRepository profiles;

  /** Syncs the profiles of {@code profiles} to the cluster of {@code client}. */
  public ProfileSync(KubernetesClient client, ProfileRepository profiles) {
    this.client = Objects.requireNonNull(client, "client");
    this.profiles = Objects.requireNonNull(profiles, "profiles");
  }

  /** Creates, updates or deletes the Profile resource of Skiff profile {@code name}. */
  public void sync(String name) {
    Optional<dev.skiff.store.Profile> row = profiles.find(name);
    var resource = client.resources(Profile.class).withName(name);
    Profile existing = resource.get();
    if (row.isEmpty()) {
      if (existing != null && isSynced(existing)) {
        resource.delete();
      }
      return;
    }
    ProfileSpec desired = spec(row.get(), profiles.quota(name));
    if (existing == null) {
      Profile p = Profile.of(name, desired);
      p.getMetadata().setLabels(Map.of(SYNCED_LABEL, "skiff"));
      try {
        client.resource(p).create();
        return;
      } catch (KubernetesClientException e) {
        // Another replica (or this server's resync) made it a moment ago: bring that one in step.
        existing = e.getCode() == HTTP_CONFLICT ? resource.get() : null;
        if (existing == null) {
          throw e;
        }
      }
    }
    if (!desired.owner().equals(existing.getSpec() == null ? null : existing.getSpec().owner())
        || !Objects.equals(
            desired.resourceQuotaSpec(),
            existing.getSpec() == null ? null : existing.getSpec().resourceQuotaSpec())) {
      resource.edit(
          p -> {
            var plugins = p.getSpec() == null ? null : p.getSpec().plugins();
            p.setSpec(new ProfileSpec(desired.owner(), desired.resourceQuotaSpec(), plugins));
            return p;
          });
    }
  }

  /**
   * Syncs every Skiff profile and deletes Skiff's Profiles whose Skiff profile is gone.
   *
   * <p>The cluster is listed before Skiff's profiles are read, and each deletion is checked against
   * the store once more: a profile created meanwhile (by this server's API or another replica's)
   * has its Profile listed and its row read, so it is never taken for a stale one.
   */
  public synchronized void syncAll() {
    List<Profile> labelled =
        client.resources(Profile.class).withLabel(SYNCED_LABEL, "skiff").list().getItems();
    Set<String> names =
        profiles.list().stream().map(dev.skiff.store.Profile::name).collect(Collectors.toSet());
    names.forEach(this::sync);
    for (Profile p : labelled) {
      String name = p.getMetadata().getName();
      if (!names.contains(name) && profiles.find(name).isEmpty()) {
        client.resource(p).delete();
      }
    }
  }

  /** The spec a Skiff profile stands for. */
  static ProfileSpec spec(dev.skiff.store.Profile row, ProfileQuota quota) {
    return new ProfileSpec(ProfileOwner.user(row.owner()), quotaSpec(quota), null);
  }

  /**
   * A Skiff quota as a ResourceQuota spec, {@code null} when unlimited: CPU, memory and GPUs as
   * requests, notebook servers as a count of Notebook resources. The steps-at-once limit has no
   * Kubernetes counterpart (pods of finished steps and notebook servers count as pods too); the
   * engine's admission enforces it before any pod is made.
   */
  static ResourceQuotaSpec quotaSpec(ProfileQuota quota) {
    Map<String, Quantity> hard = new LinkedHashMap<>();
    if (quota.cpuMillis() != null) {
      hard.put("requests.cpu", new Quantity(quota.cpuMillis() + "m"));
    }
    if (quota.memoryBytes() != null) {
      hard.put("requests.memory", new Quantity(String.valueOf(quota.memoryBytes())));
    }
    if (quota.gpus() != null) {
      hard.put("requests.nvidia.com/gpu", new Quantity(String.valueOf(quota.gpus())));
    }
    if (quota.notebooks() != null) {
      hard.put("count/notebooks.kubeflow.org", new Quantity(String.valueOf(quota.notebooks())));
    }
    return hard.isEmpty() ? null : new ResourceQuotaSpecBuilder().withHard(hard).build();
  }

  private static boolean isSynced(Profile p) {
    return "skiff".equals(p.getMetadata().getLabels().get(SYNCED_LABEL));
  }
}
