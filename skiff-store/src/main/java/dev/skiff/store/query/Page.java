package dev.skiff.store.query;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list.
 *
 * @param items the rows of this page, in order
 * @param totalSize how many rows the whole list has (every page, same filter)
 * @param next where the next page starts; null on the last page
 * @param <T> the row type
 */
public record Page<T>(List<T> items, long totalSize, Cursor next) {
  public Page {
    items = List.copyOf(items);
  }

  /** The same page with its rows converted. */
  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), totalSize, next);
  }
}
