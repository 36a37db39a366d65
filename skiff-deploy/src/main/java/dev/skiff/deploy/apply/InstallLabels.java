package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every installed object carries, so that {@code skiff teardown} can prove nothing of an
 * install is left by listing them. Pod templates and StatefulSet volume claim templates carry them
 * too, so pods and the database's claims are found the same way.
 */
public final class InstallLabels {
  /** {@code app.kubernetes.io/part-of}. */
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** {@code app.kubernetes.io/managed-by}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The install's name: several installs of Skiff may share a cluster. */
  public static final String INSTALL = "skiff.dev/install";

  /** The default install name. */
  public static final String DEFAULT_INSTALL = "skiff";

  private InstallLabels() {}

  /** The labels of install {@code install}. */
  public static Map<String, String> of(String install) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PART_OF, "skiff");
    labels.put(MANAGED_BY, "skiff");
    labels.put(INSTALL, install);
    return labels;
  }

  /** Adds the labels of {@code install} to {@code object} and its templates. */
  public static void apply(HasMetadata object, String install) {
    add(object.getMetadata(), install);
    if (object instanceof Deployment d && d.getSpec() != null) {
      addToTemplate(d.getSpec().getTemplate(), install);
    }
    if (object instanceof StatefulSet s && s.getSpec() != null) {
      addToTemplate(s.getSpec().getTemplate(), install);
      if (s.getSpec().getVolumeClaimTemplates() != null) {
        s.getSpec().getVolumeClaimTemplates().forEach(c -> add(ensureMeta(c), install));
      }
    }
  }

  private static void addToTemplate(PodTemplateSpec template, String install) {
    if (template != null) {
      if (template.getMetadata() == null) {
        template.setMetadata(new ObjectMeta());
      }
      add(template.getMetadata(), install);
    }
  }

  private static ObjectMeta ensureMeta(HasMetadata object) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    return object.getMetadata();
  }

  private static void add(ObjectMeta meta, String install) {
    Map<String, String> labels =
        meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
    labels.putAll(of(install));
    meta.setLabels(labels);
  }

  /** A label selector ({@code skiff.dev/install=NAME}) for install {@code install}. */
  public static String selector(String install) {
    return INSTALL + "=" + install;
  }
}
