package dev.skiff.kubernetes.executor;

import dev.skiff.pipeline.json.JsonValue;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a step's Kubernetes platform document ({@code kfp-kubernetes}'s {@code
 * KubernetesExecutorConfig}) to its pod: secrets and config maps as environment and volumes, PVC
 * mounts, node selectors, tolerations, node affinity, pod labels and annotations, image pull
 * secrets and policy, downward-API environment, the active deadline, shared memory, empty-dir and
 * generic ephemeral volumes. Everything lands on the {@code main} container (the user's); the
 * launcher's containers keep their own environment.
 */
final class PlatformPodSpec {
  private final JsonValue.Obj config;
  private final PlatformParameters parameters;

  PlatformPodSpec(JsonValue.Obj config, PlatformParameters parameters) {
    this.config = config;
    this.parameters = parameters;
  }

  /** Applies every setting; {@code pod}'s main container is {@code main}. */
  void apply(Pod pod, Container main) throws PodRefusedException {
    PodSpec spec = pod.getSpec();
    secretsAndConfigMapsAsEnv(main);
    nodeSelector(spec);
    tolerations(spec);
    nodeAffinity(spec);
    podMetadata(pod);
    imagePull(spec, main);
    fieldPathEnv(main);
    if (config.get("activeDeadlineSeconds") instanceof JsonValue.Num n && n.value() > 0) {
      spec.setActiveDeadlineSeconds((long) n.value());
    }
    new PlatformVolumes(config, parameters).apply(spec, main);
  }

  private void secretsAndConfigMapsAsEnv(Container main) throws PodRefusedException {
    for (Item i : items("secretAsEnv")) {
      Optional<String> name = parameters.name(i.obj, "secretName", i.where);
      boolean optional = bool(i.obj, "optional");
      if (name.isEmpty()) {
        skipOrRefuse(optional, i.where, "secret");
        continue;
      }
      for (Item k : nested(i, "keyToEnv")) {
        main.getEnv()
            .add(
                new EnvVarBuilder()
                    .withName(str(k.obj, "envVar"))
                    .withNewValueFrom()
                    .withNewSecretKeyRef(
                        str(k.obj, "secretKey"), name.get(), optional ? true : null)
                    .endValueFrom()
                    .build());
      }
    }
    for (Item i : items("configMapAsEnv")) {
      Optional<String> name = parameters.name(i.obj, "configMapName", i.where);
      boolean optional = bool(i.obj, "optional");
      if (name.isEmpty()) {
        skipOrRefuse(optional, i.where, "config map");
        continue;
      }
      for (Item k : nested(i, "keyToEnv")) {
        main.getEnv()
            .add(
                new EnvVarBuilder()
                    .withName(str(k.obj, "envVar"))
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef(
                        str(k.obj, "configMapKey"), name.get(), optional ? true : null)
                    .endValueFrom()
                    .build());
      }
    }
  }

  private void nodeSelector(PodSpec spec) throws PodRefusedException {
    if (!(config.get("nodeSelector") instanceof JsonValue.Obj ns)) {
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>(spec.getNodeSelector());
    if (ns.get("labels") instanceof JsonValue.Obj l) {
      l.fields().forEach((k, v) -> labels.put(k, PlatformParameters.text(v)));
    }
    if (ns.get("nodeSelectorJson") != null) {
      Optional<JsonValue> json = parameters.value(ns.get("nodeSelectorJson"), "nodeSelectorJson");
      if (json.isPresent() && json.get() instanceof JsonValue.Obj o) {
        o.fields().forEach((k, v) -> labels.put(k, PlatformParameters.text(v)));
      }
    }
    spec.setNodeSelector(labels);
  }

  private void tolerations(PodSpec spec) throws PodRefusedException {
    for (Item i : items("tolerations")) {
      if (i.obj.get("tolerationJson") != null) {
        Optional<JsonValue> json = parameters.value(i.obj.get("tolerationJson"), i.where);
        if (json.isPresent()) {
          List<JsonValue> list =
              json.get() instanceof JsonValue.Arr a ? a.items() : List.of(json.get());
          for (JsonValue t : list) {
            spec.getTolerations().add(convert(t, Toleration.class, i.where));
          }
        }
        continue;
      }
      Toleration t = new Toleration();
      t.setKey(emptyToNull(str(i.obj, "key")));
      t.setOperator(emptyToNull(str(i.obj, "operator")));
      t.setValue(emptyToNull(str(i.obj, "value")));
      t.setEffect(emptyToNull(str(i.obj, "effect")));
      if (i.obj.get("tolerationSeconds") instanceof JsonValue.Num n) {
        t.setTolerationSeconds((long) n.value());
      }
      if (!spec.getTolerations().contains(t)) {
        spec.getTolerations().add(t);
      }
    }
  }

  private void nodeAffinity(PodSpec spec) throws PodRefusedException {
    List<NodeSelectorTerm> required = new ArrayList<>();
    List<PreferredSchedulingTerm> preferred = new ArrayList<>();
    for (Item i : items("nodeAffinity")) {
      if (i.obj.get("nodeAffinityJson") != null) {
        Optional<JsonValue> json = parameters.value(i.obj.get("nodeAffinityJson"), i.where);
        if (json.isPresent()) {
          NodeAffinity a = convert(json.get(), NodeAffinity.class, i.where);
          if (a.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            required.addAll(
                a.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms());
          }
          preferred.addAll(a.getPreferredDuringSchedulingIgnoredDuringExecution());
        }
        continue;
      }
      NodeSelectorTerm term = new NodeSelectorTerm();
      term.setMatchExpressions(requirements(i.obj.get("matchExpressions"), i.where));
      term.setMatchFields(requirements(i.obj.get("matchFields"), i.where));
      if (i.obj.get("weight") instanceof JsonValue.Num w && w.value() > 0) {
        preferred.add(new PreferredSchedulingTerm(term, (int) w.value()));
      } else {
        required.add(term);
      }
    }
    if (required.isEmpty() && preferred.isEmpty()) {
      return;
    }
    NodeAffinity affinity = new NodeAffinity();
    if (!required.isEmpty()) {
      affinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(required));
    }
    affinity.setPreferredDuringSchedulingIgnoredDuringExecution(preferred);
    if (spec.getAffinity() == null) {
      spec.setAffinity(new Affinity());
    }
    spec.getAffinity().setNodeAffinity(affinity);
  }

  private List<NodeSelectorRequirement> requirements(JsonValue list, String where)
      throws PodRefusedException {
    List<NodeSelectorRequirement> out = new ArrayList<>();
    if (list instanceof JsonValue.Arr a) {
      for (JsonValue v : a.items()) {
        out.add(convert(v, NodeSelectorRequirement.class, where));
      }
    }
    return out;
  }

  private void podMetadata(Pod pod) {
    if (!(config.get("podMetadata") instanceof JsonValue.Obj md)) {
      return;
    }
    if (md.get("labels") instanceof JsonValue.Obj l) {
      Map<String, String> labels = new LinkedHashMap<>();
      l.fields().forEach((k, v) -> labels.put(k, PlatformParameters.text(v)));
      // Skiff's own labels win: the executor finds its pods by them.
      labels.putAll(pod.getMetadata().getLabels());
      pod.getMetadata().setLabels(labels);
    }
    if (md.get("annotations") instanceof JsonValue.Obj a) {
      Map<String, String> annotations = new LinkedHashMap<>();
      a.fields().forEach((k, v) -> annotations.put(k, PlatformParameters.text(v)));
      annotations.putAll(pod.getMetadata().getAnnotations());
      pod.getMetadata().setAnnotations(annotations);
    }
  }

  private void imagePull(PodSpec spec, Container main) throws PodRefusedException {
    for (Item i : items("imagePullSecret")) {
      Optional<String> name = parameters.name(i.obj, "secretName", i.where);
      if (name.isPresent()) {
        spec.getImagePullSecrets().add(new LocalObjectReference(name.get()));
      }
    }
    String policy = str(config, "imagePullPolicy");
    if (!policy.isEmpty()) {
      if (!List.of("Always", "Never", "IfNotPresent").contains(policy)) {
        throw new PodRefusedException(
            "kubernetes platform setting imagePullPolicy: '"
                + policy
                + "' is not one of"
                + " Always, Never, IfNotPresent");
      }
      main.setImagePullPolicy(policy);
    }
  }

  private void fieldPathEnv(Container main) {
    for (Item i : items("fieldPathAsEnv")) {
      String name = str(i.obj, "name");
      // The engine computed a stand-in value for local runs; the downward API gives the real one.
      main.getEnv().removeIf(e -> e.getName().equals(name));
      main.getEnv()
          .add(
              new EnvVarBuilder()
                  .withName(name)
                  .withNewValueFrom()
                  .withNewFieldRef()
                  .withFieldPath(str(i.obj, "fieldPath"))
                  .endFieldRef()
                  .endValueFrom()
                  .build());
    }
  }

  static void skipOrRefuse(boolean optional, String where, String what) throws PodRefusedException {
    if (!optional) {
      throw new PodRefusedException(
          "kubernetes platform setting " + where + " names no " + what + " and is not optional");
    }
  }

  private static <T> T convert(JsonValue v, Class<T> type, String where)
      throws PodRefusedException {
    try {
      return Serialization.unmarshal(v.toJson(), type);
    } catch (RuntimeException e) {
      throw new PodRefusedException(
          "kubernetes platform setting " + where + " is not a valid " + type.getSimpleName());
    }
  }

  record Item(JsonValue.Obj obj, String where) {}

  private List<Item> items(String field) {
    return items(config.get(field), field);
  }

  private static List<Item> nested(Item parent, String field) {
    return items(parent.obj.get(field), parent.where + "." + field);
  }

  static List<Item> items(JsonValue v, String where) {
    List<Item> out = new ArrayList<>();
    if (v instanceof JsonValue.Arr a) {
      for (int n = 0; n < a.items().size(); n++) {
        if (a.items().get(n) instanceof JsonValue.Obj o) {
          out.add(new Item(o, where + "[" + n + "]"));
        }
      }
    }
    return out;
  }

  static String str(JsonValue.Obj o, String field) {
    JsonValue v = o.get(field);
    return v == null ? "" : PlatformParameters.text(v);
  }

  static boolean bool(JsonValue.Obj o, String field) {
    return o.get(field) instanceof JsonValue.Bool b && b.value();
  }

  static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  static List<EnvVar> envList(Map<String, String> env) {
    List<EnvVar> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
    return out;
  }
}
