package dev.skiff.deploy.apply;

import dev.skiff.deploy.render.InstallLabels;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code skiff teardown}: deletes exactly the objects of the {@link Inventory} (data only when
 * asked; CRDs last), waits for them to be gone (finalizers), then verifies by listing every kind of
 * the inventory and the common kinds with the install's label that nothing remains.
 */
public final class Teardown {
  /** Kinds listed in the verification besides the inventory's own. */
  static final List<List<String>> COMMON_KINDS =
      List.of(
          List.of("v1", "Namespace"),
          List.of("v1", "ConfigMap"),
          List.of("v1", "Secret"),
          List.of("v1", "Service"),
          List.of("v1", "ServiceAccount"),
          List.of("v1", "Pod"),
          List.of("v1", "PersistentVolumeClaim"),
          List.of("apps/v1", "Deployment"),
          List.of("apps/v1", "StatefulSet"),
          List.of("rbac.authorization.k8s.io/v1", "Role"),
          List.of("rbac.authorization.k8s.io/v1", "RoleBinding"),
          List.of("rbac.authorization.k8s.io/v1", "ClusterRole"),
          List.of("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
          List.of("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
          List.of("networking.k8s.io/v1", "Ingress"),
          List.of("networking.k8s.io/v1", "NetworkPolicy"));

  private static final Set<String> DATA_KINDS = Set.of("PersistentVolumeClaim", "StatefulSet");
  private static final Set<String> KEPT_WITH_DATA = Set.of("PersistentVolumeClaim", "Pod");

  private final KubernetesClient client;
  private final Consumer<String> out;

  /** A teardown through {@code client}, printing progress to {@code out}. */
  public Teardown(KubernetesClient client, Consumer<String> out) {
    this.client = client;
    this.out = out;
  }

  /**
   * Removes install {@code install} recorded in {@code namespace}.
   *
   * @param deleteData also delete PersistentVolumeClaims and the database StatefulSet
   * @throws InstallException when there is no inventory or a delete is refused
   */
  public TeardownReport teardown(
      String namespace, String install, boolean deleteData, Duration timeout, Duration poll) {
    Instant deadline = Instant.now().plus(timeout);
    List<ObjectRef> inventory = new ArrayList<>(new InstallStatus(client).inventory(namespace));
    inventory.add(Inventory.ref(namespace));
    List<ObjectRef> kept = new ArrayList<>();
    Set<String> keptNamespaces = new LinkedHashSet<>();
    if (!deleteData) {
      for (ObjectRef r : inventory) {
        if (DATA_KINDS.contains(r.kind())) {
          kept.add(r);
          keptNamespaces.add(r.namespace());
        }
      }
      for (ObjectRef r : inventory) {
        if (r.kind().equals("Namespace") && keptNamespaces.contains(r.name())) {
          kept.add(r);
        }
      }
    }
    List<ObjectRef> doomed =
        inventory.stream().filter(r -> !kept.contains(r)).sorted(deleteOrder(namespace)).toList();
    doomed.stream()
        .filter(r -> r.kind().equals("CustomResourceDefinition"))
        .map(ObjectRef::name)
        .reduce((a, b) -> a + ", " + b)
        .ifPresent(
            crds ->
                out.accept(
                    "Warning: deleting CRDs "
                        + crds
                        + " deletes every object of their kinds (every Profile and Notebook) in"
                        + " the cluster."));
    deleteCustomResources(doomed, deadline, poll);
    for (ObjectRef r : doomed) {
      out.accept("  deleting  " + r);
      try {
        GenericObjects.delete(client, r);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw InstallException.of("delete", r, e);
        }
      }
    }
    Waits.until(
        doomed.size() + " objects to be gone",
        () -> doomed.stream().allMatch(r -> absent(r)),
        poll,
        deadline,
        out);
    if (deleteData) {
      deleteLabelledClaims(install);
    }
    List<ObjectRef> left = new ArrayList<>();
    Waits.until(
        "nothing labelled " + selector(install) + " to remain",
        () -> {
          left.clear();
          left.addAll(remaining(inventory, install, kept, keptNamespaces));
          return left.isEmpty();
        },
        poll,
        deadline,
        out);
    List<ObjectRef> removed = doomed.stream().filter(r -> !left.contains(r)).toList();
    TeardownReport report = new TeardownReport(removed, kept, left);
    removed.forEach(r -> out.accept("removed  " + r));
    kept.forEach(r -> out.accept("kept     " + r + " (data: --delete-data removes it)"));
    left.forEach(r -> out.accept("LEFT     " + r));
    out.accept(
        report.clean()
            ? "Removed "
                + removed.size()
                + " objects; nothing labelled "
                + selector(install)
                + " remains"
                + (kept.isEmpty() ? "." : " besides the kept data.")
            : left.size() + " objects labelled " + selector(install) + " remain.");
    return report;
  }

  /** Broader than {@link InstallLabels#selector}: any object with the install's label. */
  private static String selector(String install) {
    return InstallLabels.INSTALL + "=" + install;
  }

  /** Workloads first, then RBAC, the inventory, namespaces, and CRDs last. */
  private static Comparator<ObjectRef> deleteOrder(String namespace) {
    return Comparator.comparingInt(
        r ->
            switch (Phase.of(r.kind())) {
              case WORKLOADS -> r.equals(Inventory.ref(namespace)) ? 2 : 0;
              case ACCESS -> 1;
              case FOUNDATION -> r.kind().equals("Namespace") ? 3 : 4;
            });
  }

  /**
   * Deletes every object of the kinds whose CRDs are about to go, while Skiff's operator still runs
   * to remove its finalizers (deleting the CRD first would leave them stuck terminating).
   */
  private void deleteCustomResources(List<ObjectRef> doomed, Instant deadline, Duration poll) {
    List<ObjectRef> instances = new ArrayList<>();
    for (ObjectRef r : doomed) {
      if (!r.kind().equals("CustomResourceDefinition")) {
        continue;
      }
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(r.name()).get();
      if (crd == null) {
        continue;
      }
      String kind = crd.getSpec().getNames().getKind();
      for (var version : crd.getSpec().getVersions()) {
        if (Boolean.TRUE.equals(version.getStorage())) {
          instances.addAll(
              client
                  .genericKubernetesResources(
                      crd.getSpec().getGroup() + "/" + version.getName(), kind)
                  .inAnyNamespace()
                  .list()
                  .getItems()
                  .stream()
                  .map(ObjectRef::of)
                  .toList());
        }
      }
    }
    for (ObjectRef r : instances) {
      out.accept("  deleting  " + r);
      GenericObjects.delete(client, r);
    }
    if (!instances.isEmpty()) {
      Waits.until(
          instances.size() + " custom resources to be gone",
          () -> instances.stream().allMatch(this::absent),
          poll,
          deadline,
          out);
    }
  }

  private boolean absent(ObjectRef r) {
    try {
      return GenericObjects.get(client, r) == null;
    } catch (KubernetesClientException e) {
      return e.getCode() == 404 || String.valueOf(e.getMessage()).contains("registered handler");
    }
  }

  private void deleteLabelledClaims(String install) {
    for (ObjectRef claim :
        GenericObjects.labelled(client, "v1", "PersistentVolumeClaim", selector(install))) {
      out.accept("  deleting  " + claim);
      GenericObjects.delete(client, claim);
    }
  }

  private List<ObjectRef> remaining(
      List<ObjectRef> inventory, String install, List<ObjectRef> kept, Set<String> keptNs) {
    Set<List<String>> kinds = new LinkedHashSet<>();
    inventory.forEach(r -> kinds.add(List.of(r.apiVersion(), r.kind())));
    kinds.addAll(COMMON_KINDS);
    List<ObjectRef> left = new ArrayList<>();
    for (List<String> kind : kinds) {
      try {
        for (ObjectRef r :
            GenericObjects.labelled(client, kind.get(0), kind.get(1), selector(install))) {
          boolean keptData =
              kept.contains(r)
                  || (keptNs.contains(r.namespace()) && KEPT_WITH_DATA.contains(r.kind()));
          if (!keptData && !left.contains(r)) {
            left.add(r);
          }
        }
      } catch (KubernetesClientException e) {
        // A kind this cluster does not serve (or no longer: its CRD was deleted) has no objects.
      }
    }
    return left;
  }
}
