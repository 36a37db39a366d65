package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks what the API server's CRD schema cannot: that the pod template can become a StatefulSet (a
 * first container with an image, resource quantities that parse, a name a Service can carry). Pure.
 */
public final class NotebookValidation {
  /** A DNS-1035 label (Service names); 63 less the StatefulSet's pod ordinal and hash room. */
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,50}[a-z0-9])?");

  private NotebookValidation() {}

  /** The first problem of {@code notebook}'s spec, or empty when it can run. */
  public static Optional<SpecProblem> problem(Notebook notebook) {
    String name = notebook.getMetadata().getName();
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.of(
          new SpecProblem(
              "metadata.name",
              "must be a DNS-1035 label of at most 52 characters (it names the Service), not '"
                  + name
                  + "'"));
    }
    if (notebook.getSpec() == null
        || notebook.getSpec().getTemplate() == null
        || notebook.getSpec().getTemplate().getSpec() == null) {
      return Optional.of(new SpecProblem("spec.template.spec", "a pod spec is required"));
    }
    PodSpec pod = notebook.getSpec().getTemplate().getSpec();
    List<Container> containers = pod.getContainers();
    if (containers == null || containers.isEmpty()) {
      return Optional.of(
          new SpecProblem(
              "spec.template.spec.containers",
              "at least one container is required (the first is the notebook server)"));
    }
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      String at = "spec.template.spec.containers[" + i + "]";
      if (c.getImage() == null || c.getImage().isBlank()) {
        return Optional.of(new SpecProblem(at + ".image", "an image is required"));
      }
      Optional<SpecProblem> quantity = quantities(at + ".resources", c.getResources());
      if (quantity.isPresent()) {
        return quantity;
      }
    }
    return Optional.empty();
  }

  private static Optional<SpecProblem> quantities(String at, ResourceRequirements resources) {
    if (resources == null) {
      return Optional.empty();
    }
    Optional<SpecProblem> p = quantities(at + ".limits", resources.getLimits());
    return p.isPresent() ? p : quantities(at + ".requests", resources.getRequests());
  }

  private static Optional<SpecProblem> quantities(String at, Map<String, Quantity> values) {
    if (values == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, Quantity> e : values.entrySet()) {
      String field = at + "." + e.getKey();
      Quantity q = e.getValue();
      if (q == null || q.getAmount() == null || q.getAmount().isBlank()) {
        return Optional.of(new SpecProblem(field, "a quantity is required"));
      }
      try {
        if (Quantity.getAmountInBytes(q).signum() < 0) {
          return Optional.of(new SpecProblem(field, "must not be negative, not '" + q + "'"));
        }
      } catch (IllegalArgumentException | ArithmeticException e2) {
        return Optional.of(
            new SpecProblem(field, "'" + q + "' is not a quantity (e.g. 500m, 2, 1Gi)"));
      }
    }
    return Optional.empty();
  }
}
