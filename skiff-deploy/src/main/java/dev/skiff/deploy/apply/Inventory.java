package dev.skiff.deploy.apply;

import dev.skiff.deploy.render.InstallLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The record of what an install applied: ConfigMap {@value #NAME} in Skiff's namespace, one line
 * per object ({@link ObjectRef#line()}) under key {@value #KEY}. Teardown deletes exactly these;
 * status reads them. A later deploy adds to the record and never drops from it, so an object that a
 * changed values file no longer renders is still torn down.
 */
public final class Inventory {
  /** The ConfigMap's name. */
  public static final String NAME = "skiff-inventory";

  /** The data key holding the lines. */
  public static final String KEY = "objects";

  private Inventory() {}

  /** The recorded objects, or empty when there is no inventory in {@code namespace}. */
  public static Optional<List<ObjectRef>> read(KubernetesClient client, String namespace) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(NAME).get();
    if (map == null || map.getData() == null || map.getData().get(KEY) == null) {
      return Optional.empty();
    }
    List<ObjectRef> refs = new ArrayList<>();
    for (String line : map.getData().get(KEY).split("\n")) {
      if (!line.isBlank()) {
        refs.add(ObjectRef.parse(line));
      }
    }
    return Optional.of(refs);
  }

  /** The inventory ConfigMap recording {@code refs} (the old ones first, then the new). */
  public static ConfigMap of(String namespace, String install, List<ObjectRef> refs) {
    Set<String> lines = new LinkedHashSet<>();
    refs.forEach(r -> lines.add(r.line()));
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(InstallLabels.of(install))
        .endMetadata()
        .addToData(KEY, String.join("\n", lines) + "\n")
        .build();
  }

  /** The reference of the inventory ConfigMap itself. */
  public static ObjectRef ref(String namespace) {
    return new ObjectRef("v1", "ConfigMap", namespace, NAME);
  }
}
