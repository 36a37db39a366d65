package dev.skiff.store;

import dev.skiff.store.query.Cursor;
import dev.skiff.store.query.Fields;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.ListSql;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/** Runs a {@link ListSql} page and its count in one read-only transaction. */
final class PagedQueries {
  private PagedQueries() {}

  /** A cursor beside each row, so that the last row's tells where the next page starts. */
  private record Row<T>(T item, Cursor cursor) {}

  static <T> Page<T> page(
      Jdbi jdbi,
      String table,
      String columns,
      Fields fields,
      Scope scope,
      ListQuery query,
      RowMapper<T> mapper) {
    ListSql sql = new ListSql(table, columns, fields, scope, query);
    try {
      return jdbi.inTransaction(
          h -> {
            List<Row<T>> rows = rows(h, sql, mapper);
            long total =
                h.createQuery(sql.count().sql())
                    .bindMap(sql.count().binds())
                    .mapTo(Long.class)
                    .one();
            boolean more = rows.size() > query.pageSize();
            List<T> items = new ArrayList<>(Math.min(rows.size(), query.pageSize()));
            for (int i = 0; i < rows.size() && i < query.pageSize(); i++) {
              items.add(rows.get(i).item());
            }
            Cursor next = more ? rows.get(query.pageSize() - 1).cursor() : null;
            return new Page<>(items, total, next);
          });
    } catch (JdbiException e) {
      throw new StoreException(
          "cannot list " + fields.collection() + ": " + StoreErrors.reason(e), e);
    }
  }

  private static <T> List<Row<T>> rows(Handle h, ListSql sql, RowMapper<T> mapper) {
    ListSql.Statement page = sql.page();
    return h.createQuery(page.sql())
        .bindMap(page.binds())
        .map((rs, ctx) -> new Row<>(mapper.map(rs, ctx), sql.cursorOf(rs)))
        .list();
  }
}
