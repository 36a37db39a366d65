package dev.skiff.store.query;

/** How a {@link Condition} compares a field with its values (KFP's {@code Predicate.Operation}). */
public enum Op {
  /** The field equals the value. */
  EQUALS,
  /** The field differs from the value. */
  NOT_EQUALS,
  /** The field is greater than the value. */
  GREATER_THAN,
  /** The field is greater than or equal to the value. */
  GREATER_THAN_EQUALS,
  /** The field is less than the value. */
  LESS_THAN,
  /** The field is less than or equal to the value. */
  LESS_THAN_EQUALS,
  /** The field equals one of the values. */
  IN,
  /** The field contains the value, ignoring case (text fields only). */
  IS_SUBSTRING
}
