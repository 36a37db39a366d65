package dev.skiff.pipeline.model;

/** How a component is implemented: a sub-DAG, or one executor (the IR's {@code oneof}). */
public sealed interface ComponentImpl permits DagSpec, ExecutorRef {}
