package dev.skiff.kubernetes.operator;

import dev.skiff.kubernetes.resource.Profile;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CRDs of Skiff's custom resources ({@code apiextensions.k8s.io/v1}, with OpenAPI v3 schemas),
 * generated from the model classes at run time by fabric8's CRD generator, so the schema cannot
 * drift from the classes. {@code skiff render crds} prints {@link #yaml()}.
 */
public final class CustomResourceDefinitions {

  /** The custom resource classes Skiff serves; a new resource is one more entry. */
  public static final List<Class<? extends HasMetadata>> RESOURCES = List.of(Profile.class);

  /**
   * Kubernetes' quantity syntax (what {@code resource.Quantity} parses), so the API server refuses
   * a quota like {@code cpu: lots} at admission, as for Kubeflow's controller-gen CRD.
   */
  public static final String QUANTITY_PATTERN =
      "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]"
          + "|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  private CustomResourceDefinitions() {}

  /** The CRDs of {@link #RESOURCES}, ordered by name. */
  public static List<CustomResourceDefinition> all() {
    return of(RESOURCES);
  }

  /** The CRDs of {@code classes}, ordered by name. */
  public static List<CustomResourceDefinition> of(List<Class<? extends HasMetadata>> classes) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    new CRDGenerator()
        .forCRDVersions("v1")
        .withParallelGenerationEnabled(false)
        .withOutput(new Discard())
        .withPostProcessor(new Collect(crds))
        .customResourceClasses(classes)
        .generate();
    crds.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    return List.copyOf(crds);
  }

  /** The CRD named {@code name} (e.g. {@code profiles.kubeflow.org}). */
  public static CustomResourceDefinition named(String name) {
    return all().stream()
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no CRD named " + name));
  }

  /** Every CRD as one multi-document YAML stream ({@code ---} between documents). */
  public static String yaml() {
    return all().stream()
        .map(Serialization::asYaml)
        .map(y -> y.startsWith("---") ? y : "---\n" + y)
        .collect(Collectors.joining());
  }

  /**
   * Adds the quantity pattern to int-or-string map values: quantities ({@code hard}, {@code
   * limits}, {@code requests}). Int-or-string properties (probe ports) stay as they are.
   */
  private static void quantities(JSONSchemaProps schema, boolean mapValue) {
    if (schema == null) {
      return;
    }
    if (mapValue
        && Boolean.TRUE.equals(schema.getXKubernetesIntOrString())
        && schema.getPattern() == null) {
      schema.setPattern(QUANTITY_PATTERN);
    }
    schema.getProperties().values().forEach(p -> quantities(p, false));
    if (schema.getAdditionalProperties() != null) {
      quantities(schema.getAdditionalProperties().getSchema(), true);
    }
    if (schema.getItems() != null) {
      quantities(schema.getItems().getSchema(), false);
    }
  }

  /** Takes each generated CRD, with quantity patterns added. */
  private record Collect(List<CustomResourceDefinition> crds) implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      CustomResourceDefinition c = (CustomResourceDefinition) crd;
      c.getSpec().getVersions().forEach(v -> quantities(v.getSchema().getOpenAPIV3Schema(), false));
      crds.add(c);
      return c;
    }
  }

  /** The generator insists on writing files; the CRDs are taken from the post-processor. */
  private static final class Discard implements CRDGenerator.CRDOutput<OutputStream> {
    @Override
    public OutputStream outputFor(String crdName) {
      return OutputStream.nullOutputStream();
    }

    @Override
    public void close() {}
  }
}
