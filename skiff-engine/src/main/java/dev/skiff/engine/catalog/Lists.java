package dev.skiff.engine.catalog;

import dev.skiff.store.query.Fields;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.PageTokens;
import dev.skiff.store.query.Sort;
import java.util.function.Function;

/** Turns a {@link ListRequest} into a store query and a store page into a {@link CatalogPage}. */
final class Lists {
  private final PageTokens tokens;

  Lists(PageTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * A page of a collection.
   *
   * @param fields the collection's fields (checked before anything is read)
   * @param fallback the order when the request names none (KFP's: by creation time, oldest first)
   * @param read reads one page of the store
   */
  <T> CatalogPage<T> page(
      Fields fields, Sort fallback, ListRequest request, Function<ListQuery, Page<T>> read) {
    int size = request.pageSize() == 0 ? ListRequest.DEFAULT_PAGE_SIZE : request.pageSize();
    ListQuery query;
    if (!request.pageToken().isEmpty()) {
      PageTokens.Position p = tokens.decode(fields.collection(), request.pageToken());
      query = new ListQuery(p.conditions(), p.sort(), size, p.after());
    } else {
      Sort sort = Sort.parse(request.sortBy(), fallback);
      fields.get(sort.field()); // an unknown sort field is a 400 before anything is read
      request.filter().forEach(c -> fields.get(c.field()));
      query = new ListQuery(request.filter(), sort, size, null);
    }
    Page<T> page = read.apply(query);
    String next =
        page.next() == null
            ? ""
            : tokens.encode(fields.collection(), query.conditions(), query.sort(), page.next());
    return new CatalogPage<>(page.items(), page.totalSize(), next);
  }
}
