package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.Problem;
import dev.skiff.pipeline.SourceMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects errors and warnings, giving each the line of the field it is about. */
final class Findings {

  private final SourceMap lines;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  Findings(SourceMap lines) {
    this.lines = lines;
  }

  /** An error about {@code path}, at the line of {@code path}. */
  void error(String path, String message) {
    error(path, path, message);
  }

  /** An error named by {@code path} but located at the line of {@code linePath}. */
  void error(String path, String linePath, String message) {
    errors.add(new Problem(path, lines.lineOf(linePath), message));
  }

  void warning(String path, String message) {
    warnings.add(new Problem(path, lines.lineOf(path), message));
  }

  ValidationReport report() {
    return new ValidationReport(sorted(errors), sorted(warnings));
  }

  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
    return out;
  }
}
