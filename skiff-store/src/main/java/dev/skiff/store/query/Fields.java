package dev.skiff.store.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fields one collection (runs, experiments, pipelines, pipeline versions) can be filtered and
 * sorted on, by API name (aliases included, e.g. KFP's v1 {@code name} for {@code display_name}).
 */
public final class Fields {
  private final String collection;
  private final Map<String, Field> byName;
  private final List<List<String>> indexes;

  private Fields(String collection, Map<String, Field> byName, List<List<String>> indexes) {
    this.collection = collection;
    this.byName = Map.copyOf(byName);
    this.indexes = List.copyOf(indexes);
  }

  /**
   * The collection's ordered indexes, as column lists without the trailing id (every one of them
   * ends in it): equality columns first, then the column they are sorted on.
   */
  public List<List<String>> indexes() {
    return indexes;
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
    private final List<List<String>> indexes = new ArrayList<>();

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

    /**
     * Declares an index of the table: {@code (columns..., id)}, the last column the one it orders
     * by (must match the migration that creates it).
     */
    public Builder index(String... columns) {
      indexes.add(List.of(columns));
      return this;
    }

    public Fields build() {
      return new Fields(collection, byName, indexes);
    }
  }
}
