package dev.skiff.pipeline.model;

/** When a task becomes ready, relative to its upstream tasks. */
public enum TriggerStrategy {
  /** All upstream tasks succeeded (also what the IR's UNSPECIFIED means). */
  ALL_UPSTREAM_TASKS_SUCCEEDED,
  /** All upstream tasks reached any final state (exit handlers, ignore_upstream_failure). */
  ALL_UPSTREAM_TASKS_COMPLETED
}
