package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Which object: what the inventory records and what messages name.
 *
 * @param namespace empty for cluster-scoped objects
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** Validates the parts (none null; kind and name not blank). */
  public ObjectRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
    if (kind.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("an object needs a kind and a name");
    }
  }

  /** The reference of {@code object}. */
  public static ObjectRef of(HasMetadata object) {
    return new ObjectRef(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  /** Parses {@link #line()}. */
  public static ObjectRef parse(String line) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an inventory line: " + line);
    }
    return new ObjectRef(parts[0], parts[1], parts[2], parts[3]);
  }

  /** {@code apiVersion kind namespace name} (namespace empty when cluster-scoped). */
  public String line() {
    return apiVersion + " " + kind + " " + namespace + " " + name;
  }

  /** Whether the object lives in a namespace. */
  public boolean namespaced() {
    return !namespace.isEmpty();
  }

  /** The API group ({@code ""} for the core group). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** {@code Kind namespace/name}, or {@code Kind name} when cluster-scoped. */
  @Override
  public String toString() {
    return kind + " " + (namespaced() ? namespace + "/" : "") + name;
  }
}
