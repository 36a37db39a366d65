package dev.skiff.engine.catalog;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a catalog list.
 *
 * @param items the page's items, in order
 * @param totalSize how many items the whole list has
 * @param nextPageToken the token of the next page; empty on the last page
 * @param <T> the item type
 */
public record CatalogPage<T>(List<T> items, long totalSize, String nextPageToken) {
  public CatalogPage {
    items = List.copyOf(items);
    nextPageToken = nextPageToken == null ? "" : nextPageToken;
  }

  /** The same page with its items converted. */
  public <R> CatalogPage<R> map(Function<? super T, ? extends R> f) {
    return new CatalogPage<>(items.stream().<R>map(f).toList(), totalSize, nextPageToken);
  }
}
