package dev.skiff.deploy.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inventory labels every installed object carries, so that {@code skiff teardown} can find
 * exactly what an install created and verify that nothing is left.
 */
public final class InstallLabels {
  /** {@code app.kubernetes.io/part-of: skiff}. */
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** {@code app.kubernetes.io/managed-by: skiff}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** {@code skiff.dev/install: <install name>}. */
  public static final String INSTALL = "skiff.dev/install";

  /** {@code app.kubernetes.io/component}: server, database, ... (selectors use it). */
  public static final String COMPONENT = "app.kubernetes.io/component";

  private InstallLabels() {}

  /** The three inventory labels of install {@code name}. */
  public static Map<String, String> of(String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PART_OF, "skiff");
    labels.put(MANAGED_BY, "skiff");
    labels.put(INSTALL, name);
    return labels;
  }

  /** A label selector for install {@code name}: {@code skiff.dev/install=<name>,...}. */
  public static String selector(String name) {
    return PART_OF + "=skiff," + INSTALL + "=" + name;
  }

  /** The labels that select one component's pods. */
  static Map<String, String> podSelector(String name, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(INSTALL, name);
    labels.put(COMPONENT, component);
    return labels;
  }

  /** Adds the inventory labels to {@code object}, keeping the labels it has. */
  static <T extends HasMetadata> T apply(T object, String name) {
    Map<String, String> labels = new LinkedHashMap<>(of(name));
    if (object.getMetadata().getLabels() != null) {
      labels.putAll(object.getMetadata().getLabels());
    }
    object.getMetadata().setLabels(labels);
    return object;
  }
}
