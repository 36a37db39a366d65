package dev.skiff.store.query;

import java.util.Locale;
import java.util.Objects;

/**
 * The order of a list: one field, ascending or descending; rows with equal values are ordered by
 * their id in the same direction, so that every row has one place and pages never overlap.
 *
 * @param field the API's field name, e.g. {@code created_at}
 * @param descending newest (largest) first
 */
public record Sort(String field, boolean descending) {
  public Sort {
    Objects.requireNonNull(field, "field");
  }

  /**
   * Reads KFP's {@code sort_by}: {@code "field"}, {@code "field asc"} or {@code "field desc"}.
   *
   * @param text the text as sent; blank means {@code fallback}
   * @throws InvalidQueryException when it has another form
   */
  public static Sort parse(String text, Sort fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String[] words = text.strip().split("\\s+");
    if (words.length > 2) {
      throw new InvalidQueryException(
          "sort_by must be \"FIELD\", \"FIELD asc\" or \"FIELD desc\", got '" + text + "'");
    }
    boolean desc = false;
    if (words.length == 2) {
      switch (words[1].toLowerCase(Locale.ROOT)) {
        case "asc" -> desc = false;
        case "desc" -> desc = true;
        default ->
            throw new InvalidQueryException(
                "sort_by must end in asc or desc, got '" + words[1] + "' in '" + text + "'");
      }
    }
    return new Sort(words[0], desc);
  }

  @Override
  public String toString() {
    return field + (descending ? " desc" : " asc");
  }
}
