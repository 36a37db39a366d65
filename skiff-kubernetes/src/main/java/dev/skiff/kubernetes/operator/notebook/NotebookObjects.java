package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Kubeflow's notebook controller makes of a Notebook: a StatefulSet {@code <name>} running its
 * pod template (one replica, none while stopped) and a ClusterIP Service {@code <name>} on port 80,
 * both owned by the Notebook. Pure: the Notebook is not changed.
 */
public final class NotebookObjects {
  /** Kubeflow's notebook home, the default working directory. */
  public static final String HOME = "/home/jovyan";

  /** The server's port in the pod. */
  public static final int PORT = 8888;

  /** The named port of the server container. */
  public static final String PORT_NAME = "notebook-port";

  /** The group id that owns mounted volumes unless {@code ADD_FSGROUP=false}. */
  static final long FS_GROUP = 100L;

  private NotebookObjects() {}

  /** The URL path a notebook answers under, without the trailing slash ({@code NB_PREFIX}). */
  public static String prefix(String namespace, String name) {
    return "/notebook/" + namespace + "/" + name;
  }

  /** The StatefulSet of a valid notebook. */
  public static StatefulSet statefulSet(Notebook notebook) {
    ObjectMeta meta = notebook.getMetadata();
    String name = meta.getName();
    Map<String, String> podLabels = new LinkedHashMap<>();
    podLabels.put(Notebook.STATEFULSET_LABEL, name);
    podLabels.put(Notebook.NAME_LABEL, name);
    if (meta.getLabels() != null) {
      podLabels.putAll(meta.getLabels());
    }
    Map<String, String> podAnnotations = new LinkedHashMap<>();
    if (meta.getAnnotations() != null) {
      meta.getAnnotations()
          .forEach(
              (k, v) -> {
                if (!k.contains("kubectl") && !k.contains("notebook")) {
                  podAnnotations.put(k, v);
                }
              });
    }
    PodSpec pod = Serialization.clone(notebook.getSpec().getTemplate().getSpec());
    defaults(pod, meta.getNamespace(), name);
    return new StatefulSetBuilder()
        .withMetadata(owned(notebook, name))
        .withNewSpec()
        .withReplicas(notebook.stopped() ? 0 : 1)
        .withServiceName(name)
        .withNewSelector()
        .addToMatchLabels(Notebook.STATEFULSET_LABEL, name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations.isEmpty() ? null : podAnnotations)
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The Service in front of a notebook's pod: {@code http-<name>} 80 → the server's port. */
  public static Service service(Notebook notebook) {
    String name = notebook.getMetadata().getName();
    return new ServiceBuilder()
        .withMetadata(owned(notebook, name))
        .withNewSpec()
        .withType("ClusterIP")
        .addToSelector(Notebook.STATEFULSET_LABEL, name)
        .addNewPort()
        .withName("http-" + name)
        .withProtocol("TCP")
        .withPort(80)
        .withNewTargetPort(serverPort(notebook))
        .endPort()
        .endSpec()
        .build();
  }

  /** An owner reference to the notebook (controller, blocking its deletion until collected). */
  public static OwnerReference ownerReference(Notebook notebook) {
    return new OwnerReferenceBuilder()
        .withApiVersion(notebook.getApiVersion())
        .withKind(notebook.getKind())
        .withName(notebook.getMetadata().getName())
        .withUid(notebook.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static ObjectMeta owned(Notebook notebook, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(notebook.getMetadata().getNamespace())
        .addToLabels(Notebook.NAME_LABEL, name)
        .withOwnerReferences(ownerReference(notebook))
        .build();
  }

  /** The first container's port as the pod template gives it, or the default. */
  private static int serverPort(Notebook notebook) {
    Container first = notebook.getSpec().getTemplate().getSpec().getContainers().getFirst();
    if (first.getPorts() != null && !first.getPorts().isEmpty()) {
      Integer port = first.getPorts().getFirst().getContainerPort();
      if (port != null) {
        return port;
      }
    }
    return PORT;
  }

  /** Kubeflow's defaults on the server container and the pod. */
  private static void defaults(PodSpec pod, String namespace, String name) {
    Container c = pod.getContainers().getFirst();
    if (c.getWorkingDir() == null || c.getWorkingDir().isBlank()) {
      c.setWorkingDir(HOME);
    }
    if (c.getPorts() == null || c.getPorts().isEmpty()) {
      List<ContainerPort> ports = new ArrayList<>();
      ports.add(
          new ContainerPortBuilder()
              .withName(PORT_NAME)
              .withContainerPort(PORT)
              .withProtocol("TCP")
              .build());
      c.setPorts(ports);
    }
    List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
    env.removeIf(e -> "NB_PREFIX".equals(e.getName()));
    env.add(new EnvVar("NB_PREFIX", prefix(namespace, name), null));
    c.setEnv(env);
    boolean addFsGroup =
        env.stream()
            .noneMatch(
                e -> "ADD_FSGROUP".equals(e.getName()) && "false".equalsIgnoreCase(e.getValue()));
    if (addFsGroup) {
      PodSecurityContext security =
          pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
      if (security.getFsGroup() == null) {
        security.setFsGroup(FS_GROUP);
      }
      pod.setSecurityContext(security);
    }
  }
}
