package dev.skiff.engine.catalog;

/**
 * The sizes of the store's text columns (see the store's migrations), checked before anything is
 * written, so that a value that does not fit is a 400 naming the field and its limit instead of a
 * database error. NUL is refused everywhere: PostgreSQL cannot store it in text.
 */
final class FieldLimits {
  /** Names and display names: {@code VARCHAR(255)}. */
  static final int NAME = 255;

  /** Descriptions and URLs: {@code VARCHAR(4000)}. */
  static final int TEXT = 4000;

  private FieldLimits() {}

  /**
   * Checks one field.
   *
   * @param field the field as the API names it, e.g. {@code "experiment display_name"}
   * @param value its value; null passes
   * @param limit the most characters its column holds
   * @throws CatalogException.Invalid naming the field and the limit
   */
  static void check(String field, String value, int limit) {
    if (value == null) {
      return;
    }
    if (value.length() > limit) {
      throw new CatalogException.Invalid(
          field + " is " + value.length() + " characters long; the limit is " + limit);
    }
    if (value.indexOf('\0') >= 0) {
      throw new CatalogException.Invalid(field + " must not contain NUL characters");
    }
  }
}
