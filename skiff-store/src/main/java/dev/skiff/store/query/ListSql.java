package dev.skiff.store.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of one page of a list and of its total count, built from a {@link ListQuery} (portable
 * between H2 and PostgreSQL). Filters become WHERE conditions on the fields' columns with bound
 * values; the page is a keyset range ({@code (sort, id)} after the cursor) in index order with a
 * LIMIT one past the page size, so that whether a next page exists is known without counting. Every
 * value is bound, never spliced into the text.
 */
public final class ListSql {
  /**
   * One statement with named parameters.
   *
   * @param sql the text
   * @param binds parameter name to value
   */
  public record Statement(String sql, Map<String, Object> binds) {}

  private final String table;
  private final String columns;
  private final Fields fields;
  private final Scope scope;
  private final ListQuery query;
  private final Field sortField;
  private final String sortExpr;
  private final Map<String, Object> binds = new LinkedHashMap<>();
  private final String conditions;

  /**
   * A list over one table.
   *
   * @param table the table, e.g. {@code run}; its key column must be {@code id}
   * @param columns the select list (column names of {@code table})
   * @param fields what may be filtered and sorted on
   * @param scope which rows the caller may see
   * @param query the filter, order and page
   * @throws InvalidQueryException for an unknown field or a value of the wrong type
   */
  public ListSql(String table, String columns, Fields fields, Scope scope, ListQuery query) {
    this.table = table;
    this.columns = columns;
    this.fields = fields;
    this.scope = scope;
    this.query = query;
    this.sortField = fields.get(query.sort().field());
    this.sortExpr = sortExpression(sortField);
    this.conditions = conditions();
  }

  /** The page: {@code pageSize + 1} rows at most, with the sort value as {@code sort_key}. */
  public Statement page() {
    String dir = query.sort().descending() ? "DESC" : "ASC";
    StringBuilder orderBy = new StringBuilder(" ORDER BY ");
    // The equality columns of the index that serves this order come first: they change nothing
    // (each has one value), but H2 walks an index in order, and stops at the page's end, only
    // when the ORDER BY starts with its columns. PostgreSQL is indifferent to them.
    for (String column : indexPrefix()) {
      orderBy.append(column).append(' ').append(dir).append(", ");
    }
    String order = orderBy + sortExpr + " " + dir + ", id " + dir;
    Map<String, Object> all = new LinkedHashMap<>(binds);
    // A literal (an int, never user text): H2's statement cache keeps the first value of a LIMIT
    // parameter inside a UNION's branches.
    String limit = " LIMIT " + (query.pageSize() + 1);
    String keyset = keyset(all);
    if (scope.anyColumn() == null || scope.anyOf().size() == 1) {
      String where = where(all, scope.anyColumn() == null ? null : bindScope(all, 0), keyset);
      return new Statement(
          "SELECT "
              + columns
              + ", "
              + sortExpr
              + " AS sort_key FROM "
              + table
              + where
              + order
              + limit,
          all);
    }
    // One index range per visible value, merged: PostgreSQL would otherwise sort every match.
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < scope.anyOf().size(); i++) {
      String where = where(all, bindScope(all, i), keyset);
      parts.add(
          "(SELECT "
              + columns
              + ", "
              + sortExpr
              + " AS sort_key FROM "
              + table
              + where
              + order
              + limit
              + ")");
    }
    return new Statement(
        "SELECT * FROM ("
            + String.join(" UNION ALL ", parts)
            + ") merged ORDER BY sort_key "
            + dir
            + ", id "
            + dir
            + limit,
        all);
  }

  /** How many rows the whole list has. */
  public Statement count() {
    Map<String, Object> all = new LinkedHashMap<>(binds);
    if (scope.anyColumn() == null) {
      return new Statement("SELECT COUNT(*) FROM " + table + where(all, null, null), all);
    }
    // One count per visible value, added up: with "column IN (...)" H2 narrows its index range on
    // that column alone and tests the rest (e.g. the state of a filtered list) on every row the
    // values have, where "column = value" ranges over all the equalities the index leads with.
    List<String> counts = new ArrayList<>();
    for (int i = 0; i < scope.anyOf().size(); i++) {
      counts.add("(SELECT COUNT(*) FROM " + table + where(all, bindScope(all, i), null) + ")");
    }
    return new Statement("SELECT " + String.join(" + ", counts), all);
  }

  /** Where the page that ends with this row ends (read from its {@code sort_key} and id). */
  public Cursor cursorOf(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    Object key =
        switch (sortField.type()) {
          case TIME -> rs.getObject("sort_key", OffsetDateTime.class).toInstant();
          case TEXT, ENUM -> rs.getString("sort_key");
        };
    return new Cursor(key, id);
  }

  /**
   * The equality columns of the declared index that orders by the sort column and has the most
   * equality columns that this page fixes to one value (the scope's and EQUALS filters'); empty
   * when no index orders by it (nullable sort columns never use one).
   */
  private List<String> indexPrefix() {
    if (sortField.nullable() || sortField.column().equals("id")) {
      return List.of();
    }
    java.util.Set<String> fixed = new java.util.HashSet<>(scope.equal().keySet());
    if (scope.anyColumn() != null) {
      fixed.add(scope.anyColumn()); // one value per branch of the merge
    }
    for (Condition c : query.conditions()) {
      if (c.op() == Op.EQUALS) {
        fixed.add(fields.get(c.field()).column());
      }
    }
    List<String> best = null;
    for (List<String> index : fields.indexes()) {
      List<String> equalities = index.subList(0, index.size() - 1);
      if (index.getLast().equals(sortField.column())
          && fixed.containsAll(equalities)
          && (best == null || equalities.size() > best.size())) {
        best = equalities;
      }
    }
    return best == null ? List.of() : best;
  }

  private String bindScope(Map<String, Object> all, int i) {
    all.put("scope" + i, scope.anyOf().get(i));
    return scope.anyColumn() + " = :scope" + i;
  }

  private String where(Map<String, Object> target, String scopeIn, String keyset) {
    List<String> parts = new ArrayList<>();
    if (scopeIn != null) {
      parts.add(scopeIn);
    }
    int n = 0;
    for (Map.Entry<String, Object> e : scope.equal().entrySet()) {
      String name = "eq" + n++;
      target.put(name, e.getValue());
      parts.add(e.getKey() + " = :" + name);
    }
    if (!conditions.isEmpty()) {
      parts.add(conditions);
    }
    if (keyset != null) {
      parts.add(keyset);
    }
    return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
  }

  private String keyset(Map<String, Object> all) {
    Cursor after = query.after();
    if (after == null) {
      return null;
    }
    String gt = query.sort().descending() ? "<" : ">";
    all.put("cursorId", after.id());
    if (sortField.column().equals("id")) {
      return "id " + gt + " :cursorId";
    }
    all.put("cursorKey", sqlValue(sortField, after.key()));
    // The first conjunct lets both databases start an index range at the cursor.
    return sortExpr
        + " "
        + gt
        + "= :cursorKey AND ("
        + sortExpr
        + " "
        + gt
        + " :cursorKey OR id "
        + gt
        + " :cursorId)";
  }

  private String conditions() {
    List<String> parts = new ArrayList<>();
    int n = 0;
    for (Condition c : query.conditions()) {
      Field f = fields.get(c.field());
      String p = "c" + n++;
      parts.add(condition(f, c, p));
    }
    return String.join(" AND ", parts);
  }

  private String condition(Field f, Condition c, String p) {
    String col = f.column();
    return switch (c.op()) {
      case IN -> {
        if (c.values().isEmpty()) {
          yield "1 = 0";
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < c.values().size(); i++) {
          binds.put(p + "_" + i, sqlValue(f, c.values().get(i)));
          names.add(":" + p + "_" + i);
        }
        yield col + " IN (" + String.join(", ", names) + ")";
      }
      case IS_SUBSTRING -> {
        if (f.type() == Field.Type.TIME) {
          throw new InvalidQueryException(
              "filter on " + f.name() + ": IS_SUBSTRING applies to text fields only");
        }
        if (!(c.values().getFirst() instanceof String s)) {
          throw new InvalidQueryException(
              "filter on " + f.name() + ": IS_SUBSTRING takes a string_value");
        }
        binds.put(p, "%" + escapeLike(s.toLowerCase(java.util.Locale.ROOT)) + "%");
        yield "LOWER(" + col + ") LIKE :" + p + " ESCAPE '!'";
      }
      default -> {
        binds.put(p, sqlValue(f, c.values().getFirst()));
        String op =
            switch (c.op()) {
              case EQUALS -> "=";
              case NOT_EQUALS -> "<>";
              case GREATER_THAN -> ">";
              case GREATER_THAN_EQUALS -> ">=";
              case LESS_THAN -> "<";
              case LESS_THAN_EQUALS -> "<=";
              default -> throw new IllegalStateException(c.op().name());
            };
        yield col + " " + op + " :" + p;
      }
    };
  }

  private static String sortExpression(Field f) {
    if (!f.nullable()) {
      return f.column();
    }
    return switch (f.type()) {
      case TIME ->
          "COALESCE(" + f.column() + ", TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00')";
      case TEXT, ENUM -> "COALESCE(" + f.column() + ", '')";
    };
  }

  /** A filter or cursor value as a bind value of the field's column type. */
  private static Object sqlValue(Field f, Object value) {
    Object v = f.normalise(value);
    return switch (f.type()) {
      case TIME ->
          switch (v) {
            case Instant i -> i.atOffset(ZoneOffset.UTC);
            case Long seconds -> Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC);
            case String s -> parseTime(f, s).atOffset(ZoneOffset.UTC);
            default -> throw new IllegalStateException(v.getClass().getName());
          };
      case TEXT, ENUM -> {
        if (!(v instanceof String s)) {
          throw new InvalidQueryException(
              "filter on " + f.name() + ": it is text; give a string_value, got " + v);
        }
        yield s;
      }
    };
  }

  private static Instant parseTime(Field f, String s) {
    try {
      return OffsetDateTime.parse(s.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidQueryException(
          "filter on "
              + f.name()
              + ": '"
              + s
              + "' is not an RFC 3339 time (e.g. 2026-01-02T03:04:05Z)");
    }
  }

  private static String escapeLike(String s) {
    // '!' rather than a backslash: JDBI's SQL lexer reads '\' as an unfinished string.
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
