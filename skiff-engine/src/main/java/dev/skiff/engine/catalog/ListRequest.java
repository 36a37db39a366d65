package dev.skiff.engine.catalog;

import dev.skiff.store.query.Condition;
import java.util.List;

/**
 * One page request of a list, as KFP's list calls carry it.
 *
 * @param pageSize how many; 0 means {@value #DEFAULT_PAGE_SIZE}; more than {@value #MAX_PAGE_SIZE}
 *     means {@value #MAX_PAGE_SIZE} (KFP, too, serves a smaller page than asked for above its
 *     maximum rather than refusing)
 * @param pageToken the {@code next_page_token} of the previous page, or empty for the first; a
 *     token brings its own filter and order (as in KFP), so {@code sortBy} and {@code filter} are
 *     then ignored
 * @param sortBy {@code "field"}, {@code "field asc"} or {@code "field desc"}; empty for the
 *     collection's default
 * @param filter KFP's predicates, AND-ed
 */
public record ListRequest(int pageSize, String pageToken, String sortBy, List<Condition> filter) {
  /** KFP's default page size. */
  public static final int DEFAULT_PAGE_SIZE = 20;

  /** The largest page. */
  public static final int MAX_PAGE_SIZE = 10_000;

  /**
   * Checks the page size, and brings one above the maximum down to it.
   *
   * @throws CatalogException.Invalid for a negative page size
   */
  public ListRequest {
    if (pageSize < 0) {
      throw new CatalogException.Invalid(
          "page_size must be 0 (the default, " + DEFAULT_PAGE_SIZE + ") or more, got " + pageSize);
    }
    pageSize = Math.min(pageSize, MAX_PAGE_SIZE);
    pageToken = pageToken == null ? "" : pageToken.strip();
    sortBy = sortBy == null ? "" : sortBy;
    filter = filter == null ? List.of() : List.copyOf(filter);
  }

  /** The first page of the default size, unfiltered, in the default order. */
  public static ListRequest firstPage() {
    return new ListRequest(0, "", "", List.of());
  }

  /** The first page of {@code size} rows in the order {@code sortBy}. */
  public static ListRequest of(int size, String sortBy) {
    return new ListRequest(size, "", sortBy, List.of());
  }
}
