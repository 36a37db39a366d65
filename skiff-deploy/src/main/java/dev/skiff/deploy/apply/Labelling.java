package dev.skiff.deploy.apply;

import dev.skiff.deploy.render.InstallLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the inventory labels ({@link InstallLabels}) on every object the installer applies and on
 * its pod and volume claim templates, so that pods and the database's claims are found by label too
 * when {@code skiff teardown} verifies that nothing is left.
 */
public final class Labelling {
  private Labelling() {}

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
    labels.putAll(InstallLabels.of(install));
    meta.setLabels(labels);
  }
}
