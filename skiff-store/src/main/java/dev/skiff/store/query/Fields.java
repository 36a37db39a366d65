package dev.skiff.store.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fields one collection (runs, experiments, pipelines, pipeline versions) can be filtered and
 * sorted on, by API name (aliases included, e.g. KFP's v1 {@code name} for {@code display_name}).
 */
public final class Fields {
  private final String collection;
  private final Map<String, Field> byName;

  private Fields(String collection, Map<String, Field> byName) {
    this.collection = collection;
    this.byName = Map.copyOf(byName);
  }

  /** Starts the fields of a collection named {@code collection} in messages. */
  public static Builder of(String collection) {
    return new Builder(collection);
  }

  /** The collection's name, e.g. {@code runs}. */
  public String collection() {
    return collection;
  }

  /**
   * The field with this API name.
   *
   * @throws InvalidQueryException naming the known fields when there is none
   */
  public Field get(String name) {
    Field f = byName.get(name);
    if (f == null) {
      throw new InvalidQueryException(
          "unknown field '"
              + name
              + "' for "
              + collection
              + "; known: "
              + String.join(", ", new TreeSet<>(byName.keySet())));
    }
    return f;
  }

  /** Builds {@link Fields}. */
  public static final class Builder {
    private final String collection;
    private final Map<String, Field> byName = new LinkedHashMap<>();

    private Builder(String collection) {
      this.collection = collection;
    }

    /** A field that is never null. */
    public Builder field(String name, String column, Field.Type type) {
      byName.put(name, new Field(name, column, type, false));
      return this;
    }

    /** A field whose column may be null. */
    public Builder nullable(String name, String column, Field.Type type) {
      byName.put(name, new Field(name, column, type, true));
      return this;
    }

    /** Another name for a field declared before. */
    public Builder alias(String alias, String name) {
      Field f = byName.get(name);
      byName.put(alias, new Field(alias, f.column(), f.type(), f.nullable()));
      return this;
    }

    public Fields build() {
      return new Fields(collection, byName);
    }
  }
}
