package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.Problem;
import java.util.List;

/**
 * The result of validating a pipeline.
 *
 * @param errors what stops the pipeline from running; empty when valid
 * @param warnings what runs but looks wrong
 */
public record ValidationReport(List<Problem> errors, List<Problem> warnings) {

  /** Copies the lists. */
  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }
}
