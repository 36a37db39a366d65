package dev.skiff.kubernetes.operator.notebook;

/**
 * Why a Notebook's spec cannot be run.
 *
 * @param field the JSON path of the offending field, e.g. {@code
 *     spec.template.spec.containers[0].resources.limits.cpu}
 * @param message one line
 */
public record SpecProblem(String field, String message) {
  /** {@code field: message}, as the status condition shows it. */
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
