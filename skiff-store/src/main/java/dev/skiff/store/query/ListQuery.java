package dev.skiff.store.query;

import java.util.List;
import java.util.Objects;

/**
 * One page of a list, as the store runs it: filter, order, size and where to start.
 *
 * @param conditions all must hold (KFP's predicates are AND-ed)
 * @param sort the order
 * @param pageSize at most this many rows
 * @param after the end of the previous page, or null for the first page
 */
public record ListQuery(List<Condition> conditions, Sort sort, int pageSize, Cursor after) {
  public ListQuery {
    conditions = List.copyOf(conditions);
    Objects.requireNonNull(sort, "sort");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be 1 or more, got " + pageSize);
    }
  }

  /** The first page, unfiltered. */
  public static ListQuery first(Sort sort, int pageSize) {
    return new ListQuery(List.of(), sort, pageSize, null);
  }
}
