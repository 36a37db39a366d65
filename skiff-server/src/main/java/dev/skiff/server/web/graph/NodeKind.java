package dev.skiff.server.web.graph;

import java.util.Locale;

/** What a node of a task graph stands for; groups hold other nodes and can be collapsed. */
public enum NodeKind {
  /** A container step. */
  STEP,
  /** An importer (registers an existing artifact). */
  IMPORTER,
  /** A sub-DAG: a nested pipeline, a condition, an exit handler's body. */
  DAG,
  /** A ParallelFor: its children are its iterations (in a run) or its body (in a pipeline). */
  LOOP,
  /** One iteration of a loop. */
  ITERATION;

  /** Whether nodes of this kind hold other nodes. */
  public boolean isGroup() {
    return this == DAG || this == LOOP || this == ITERATION;
  }

  /** The CSS class: {@code kind-step}, {@code kind-loop}, .... */
  public String cssClass() {
    return "kind-" + name().toLowerCase(Locale.ROOT);
  }

  /** A word for people: {@code step}, {@code loop}, .... */
  public String word() {
    return switch (this) {
      case STEP -> "step";
      case IMPORTER -> "importer";
      case DAG -> "sub-pipeline";
      case LOOP -> "loop";
      case ITERATION -> "iteration";
    };
  }
}
