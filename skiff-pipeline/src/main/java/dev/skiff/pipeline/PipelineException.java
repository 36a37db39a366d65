package dev.skiff.pipeline;

import java.util.List;

/**
 * A pipeline file that cannot be run: unreadable, not a pipeline, or invalid. {@link #getMessage()}
 * is one line for a CLI, e.g. {@code file.yaml:12: root.dag.tasks.b: unknown component 'comp-x' (+2
 * more)}; {@link #problems()} has them all.
 */
public final class PipelineException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param sourceName the file name or other label used in messages
   * @param problems at least one problem, in file order
   */
  public PipelineException(String sourceName, List<Problem> problems) {
    super(summary(sourceName, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PipelineException needs at least one problem");
    }
    this.sourceName = sourceName;
    this.problems = List.copyOf(problems);
  }

  /** The label the pipeline was read from. */
  public String sourceName() {
    return sourceName;
  }

  /** Every problem found, in file order. */
  public List<Problem> problems() {
    return problems;
  }

  private static String summary(String sourceName, List<Problem> problems) {
    if (problems.isEmpty()) {
      return sourceName + ": invalid pipeline";
    }
    String first = problems.getFirst().format(sourceName);
    return problems.size() == 1 ? first : first + " (+" + (problems.size() - 1) + " more)";
  }
}
