package dev.skiff.engine.run;

/** What a node of the run's task tree is. */
public enum TaskKind {
  /** A sub-DAG: a condition, an exit-handler body, a nested pipeline. */
  DAG,
  /** A ParallelFor: its children are one {@link #ITERATION} each. */
  LOOP,
  /** One iteration of a loop: a DAG instance with the item as an input; path {@code loop/i}. */
  ITERATION,
  /** A container step, run as a process by a {@code StepExecutor}. */
  CONTAINER,
  /** An importer: registers an existing artifact, runs nothing. */
  IMPORTER
}
