package dev.skiff.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Validates generated Kubernetes objects offline, as kubeconform does: built-in kinds against the
 * Kubernetes 1.35 OpenAPI document in {@code ../shared/k8s-schemas}, custom resources against their
 * CRD's {@code openAPIV3Schema}. Strict: a field the schema does not declare is an error (the API
 * server would drop it or, with {@code fieldValidation=Strict}, refuse it), except under {@code
 * x-kubernetes-preserve-unknown-fields}.
 *
 * <p>The OpenAPI document is rewritten where kubeconform's converter rewrites it: {@code
 * IntOrString} is a string or an integer, {@code Quantity} a number or a string in quantity syntax,
 * and {@code JSONSchemaProps} (recursive) any object.
 *
 * <p>Tests get it from {@link #load()}, which skips the test with a message when the shared folder
 * is absent.
 */
public final class KubernetesSchemas {
  private static final String IRI = "https://skiff.invalid/kubernetes-1.35.0.json";
  private static final String FILE = "k8s-schemas/kubernetes-1.35.0.json";

  /** Kubernetes quantity syntax (a number with an optional SI, binary or exponent suffix). */
  private static final String QUANTITY =
      "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$";

  private static volatile KubernetesSchemas loaded;

  private final SchemaRegistry registry;
  private final Map<String, String> definitionByKind;
  private final Map<String, Schema> cache = new HashMap<>();

  private KubernetesSchemas(JsonNode swagger) {
    ObjectNode defs = (ObjectNode) swagger.get("definitions");
    this.definitionByKind = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
        String group = gvk.path("group").asText();
        String apiVersion =
            group.isEmpty()
                ? gvk.path("version").asText()
                : group + "/" + gvk.path("version").asText();
        definitionByKind.putIfAbsent(apiVersion + "/" + gvk.path("kind").asText(), e.getKey());
      }
    }
    defs.set(
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString", anyOf(type("string"), type("integer")));
    ObjectNode quantity = type("string");
    quantity.put("pattern", QUANTITY);
    defs.set("io.k8s.apimachinery.pkg.api.resource.Quantity", anyOf(quantity, type("number")));
    defs.set(
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", type("object"));
    defs.set(
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
        JsonNodeFactory.instance.objectNode());
    defs.forEach(KubernetesSchemas::strict);
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("definitions", defs);
    String text = doc.toString();
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_4, b -> b.schemas(Map.of(IRI, text)));
  }

  /**
   * The schemas, read once per JVM; skips the calling test (JUnit assumption) with a message when
   * {@code ../shared/k8s-schemas} is absent.
   */
  public static KubernetesSchemas load() {
    Optional<Path> file = schemaFile();
    Assumptions.assumeTrue(
        file.isPresent(),
        "../shared/" + FILE + " not found (set SKIFF_SHARED_DIR): skipping schema validation");
    KubernetesSchemas s = loaded;
    if (s == null) {
      synchronized (KubernetesSchemas.class) {
        if (loaded == null) {
          try {
            loaded = new KubernetesSchemas(new ObjectMapper().readTree(file.get().toFile()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        s = loaded;
      }
    }
    return s;
  }

  /**
   * The schema file: env {@code SKIFF_SHARED_DIR}, property {@code skiff.shared.dir}, or a {@code
   * shared} folder beside a parent of the working directory.
   */
  static Optional<Path> schemaFile() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("SKIFF_SHARED_DIR")).map(Path::of).ifPresent(candidates::add);
    Optional.ofNullable(System.getProperty("skiff.shared.dir"))
        .map(Path::of)
        .ifPresent(candidates::add);
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      candidates.add(p.resolveSibling("shared"));
    }
    return candidates.stream().map(d -> d.resolve(FILE)).filter(Files::isRegularFile).findFirst();
  }

  /**
   * What is wrong with a built-in object (a fabric8 model object, a map or a {@link JsonNode}), one
   * line per error; empty when it is valid.
   *
   * @throws IllegalArgumentException when its apiVersion/kind is not a Kubernetes 1.35 kind
   */
  public synchronized List<String> validate(Object object) {
    JsonNode json = tree(object);
    String key = json.path("apiVersion").asText() + "/" + json.path("kind").asText();
    String def = definitionByKind.get(key);
    if (def == null) {
      throw new IllegalArgumentException("not a Kubernetes 1.35 kind: " + key);
    }
    Schema schema =
        cache.computeIfAbsent(
            def, d -> registry.getSchema(SchemaLocation.of(IRI + "#/definitions/" + d)));
    return errors(schema, json, key + " " + json.path("metadata").path("name").asText());
  }

  /** Fails with every error when {@code object} is not valid. */
  public void assertValid(Object object) {
    List<String> errors = validate(object);
    if (!errors.isEmpty()) {
      throw new AssertionError(String.join("\n", errors));
    }
  }

  /** What is wrong with a custom resource by the schema of its version in {@code crd}. */
  public static List<String> validate(CustomResourceDefinition crd, Object resource) {
    JsonNode json = tree(resource);
    String apiVersion = json.path("apiVersion").asText();
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    CustomResourceDefinitionVersion v =
        crd.getSpec().getVersions().stream()
            .filter(x -> x.getName().equals(version) && Boolean.TRUE.equals(x.getServed()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        crd.getMetadata().getName() + " does not serve " + apiVersion));
    ObjectNode schema = (ObjectNode) tree(v.getSchema().getOpenAPIV3Schema());
    crdRewrite(schema);
    strict(schema);
    ObjectNode props = (ObjectNode) schema.with("properties");
    props.set("metadata", type("object"));
    props.set("apiVersion", type("string"));
    props.set("kind", type("string"));
    SchemaRegistry reg =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_4, b -> b.schemas(Map.of(IRI, schema.toString())));
    return errors(reg.getSchema(SchemaLocation.of(IRI)), json, crd.getSpec().getNames().getKind());
  }

  /** Fails with every error when {@code resource} is not valid by {@code crd}. */
  public static void assertValid(CustomResourceDefinition crd, Object resource) {
    List<String> errors = validate(crd, resource);
    if (!errors.isEmpty()) {
      throw new AssertionError(String.join("\n", errors));
    }
  }

  private static List<String> errors(Schema schema, JsonNode json, String what) {
    return schema.validate(json.toString(), InputFormat.JSON).stream()
        .map(Error::toString)
        .map(e -> what + ": " + e)
        .toList();
  }

  private static JsonNode tree(Object object) {
    if (object instanceof JsonNode n) {
      return n.deepCopy();
    }
    try {
      return new ObjectMapper().readTree(Serialization.asJson(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Structural-schema extensions as JSON Schema: int-or-string, quantities left as declared. */
  private static void crdRewrite(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.path("x-kubernetes-int-or-string").asBoolean()) {
        o.remove("type");
        o.set("anyOf", anyOfArray(type("string"), type("integer")));
      }
      o.forEach(KubernetesSchemas::crdRewrite);
    } else if (node instanceof ArrayNode a) {
      a.forEach(KubernetesSchemas::crdRewrite);
    }
  }

  /** Adds {@code additionalProperties: false} to every object schema that lists its properties. */
  private static void strict(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.has("properties")
          && !o.has("additionalProperties")
          && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
        o.put("additionalProperties", false);
      }
      o.forEach(KubernetesSchemas::strict);
    } else if (node instanceof ArrayNode a) {
      a.forEach(KubernetesSchemas::strict);
    }
  }

  private static ObjectNode type(String type) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", type);
    return o;
  }

  private static ObjectNode anyOf(ObjectNode a, ObjectNode b) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("anyOf", anyOfArray(a, b));
    return o;
  }

  private static ArrayNode anyOfArray(ObjectNode a, ObjectNode b) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    arr.add(a);
    arr.add(b);
    return arr;
  }
}
