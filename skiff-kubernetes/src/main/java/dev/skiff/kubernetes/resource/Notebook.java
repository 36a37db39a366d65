package dev.skiff.kubernetes.resource;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A notebook server, as Kubeflow's {@code kubeflow.org/v1} {@code Notebook}: the spec is a pod
 * template whose first container is the server; the status mirrors its pod. Kubeflow's manifests
 * apply unchanged. The operator turns one into a StatefulSet and a Service.
 */
@Group(Notebook.GROUP)
@Version(Notebook.VERSION)
@Kind("Notebook")
@Plural("notebooks")
@Singular("notebook")
public class Notebook extends CustomResource<NotebookSpec, NotebookStatus> implements Namespaced {
  /** Kubeflow's API group. */
  public static final String GROUP = "kubeflow.org";

  /** The served and stored version. */
  public static final String VERSION = "v1";

  /** The annotation that scales a notebook to zero (its value: when it was stopped, RFC 3339). */
  public static final String STOPPED_ANNOTATION = "kubeflow-resource-stopped";

  /** The pod label naming the notebook. */
  public static final String NAME_LABEL = "notebook-name";

  /** The pod label naming the StatefulSet (the Service's selector). */
  public static final String STATEFULSET_LABEL = "statefulset";

  /** Whether the stop annotation is present. */
  public boolean stopped() {
    var annotations = getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(STOPPED_ANNOTATION);
  }
}
