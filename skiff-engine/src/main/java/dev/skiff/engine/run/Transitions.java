package dev.skiff.engine.run;

import java.util.List;
import java.util.Objects;

/**
 * The allowed state changes of runs and tasks, as tables: each row is one transition with the event
 * that causes it. Code that changes a state checks it here; a test exercises every row and fails
 * naming the rows it never saw, so the table, the code and the tests cannot drift apart.
 *
 * @param <S> the state type
 * @param name what the table is about, for messages
 * @param rows the allowed transitions
 */
public record Transitions<S extends Enum<S>>(String name, List<Transition<S>> rows) {

  /**
   * One allowed transition.
   *
   * @param from the state before
   * @param to the state after
   * @param event what causes it, for people
   */
  public record Transition<S>(S from, S to, String event) {
    public Transition {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
      return from + " -> " + to + " (" + event + ")";
    }
  }

  /** Copies the rows. */
  public Transitions {
    rows = List.copyOf(rows);
  }

  /** The run lifecycle. */
  public static final Transitions<RunState> RUN =
      new Transitions<>(
          "run",
          List.of(
              row(RunState.PENDING, RunState.RUNNING, "the engine starts the run"),
              row(RunState.PENDING, RunState.CANCELED, "canceled before it started"),
              row(RunState.RUNNING, RunState.SUCCEEDED, "the root DAG succeeded"),
              row(RunState.RUNNING, RunState.FAILED, "a task failed and nothing else runs"),
              row(RunState.RUNNING, RunState.CANCELING, "cancel requested"),
              row(RunState.CANCELING, RunState.CANCELED, "every running step has ended"),
              row(RunState.FAILED, RunState.PENDING, "retry requested"),
              row(RunState.CANCELED, RunState.PENDING, "retry requested")));

  /** The task lifecycle (DAGs, loops, iterations, steps, importers). */
  public static final Transitions<TaskState> TASK =
      new Transitions<>(
          "task",
          List.of(
              row(TaskState.PENDING, TaskState.RUNNING, "inputs resolved, condition true"),
              row(TaskState.PENDING, TaskState.SUCCEEDED, "cache hit or importer"),
              row(TaskState.PENDING, TaskState.SKIPPED, "condition false or upstream skipped"),
              row(TaskState.PENDING, TaskState.FAILED, "an input could not be resolved"),
              row(TaskState.RUNNING, TaskState.SUCCEEDED, "the step or every child succeeded"),
              row(TaskState.RUNNING, TaskState.FAILED, "the step failed for good, or a child"),
              row(TaskState.RUNNING, TaskState.CANCELING, "cancel requested while running"),
              row(TaskState.RUNNING, TaskState.CANCELED, "a DAG whose children were canceled"),
              row(TaskState.CANCELING, TaskState.CANCELED, "the process group was killed"),
              row(TaskState.CANCELING, TaskState.SUCCEEDED, "the step ended before the kill"),
              row(TaskState.CANCELING, TaskState.FAILED, "the step failed before the kill"),
              row(TaskState.FAILED, TaskState.RUNNING, "the run was retried: it runs again"),
              row(TaskState.CANCELED, TaskState.RUNNING, "the run was retried: it runs again")));

  private static <S> Transition<S> row(S from, S to, String event) {
    return new Transition<>(from, to, event);
  }

  /** Whether the table has the row {@code from -> to}. */
  public boolean allows(S from, S to) {
    for (Transition<S> t : rows) {
      if (t.from() == from && t.to() == to) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a change.
   *
   * @throws IllegalStateException naming the change and what it was about, when not allowed
   */
  public void check(S from, S to, String subject) {
    if (!allows(from, to)) {
      throw new IllegalStateException(
          name + " " + subject + ": transition " + from + " -> " + to + " is not allowed");
    }
  }

  /** The rows as a PlantUML state diagram (for the docs). */
  public String toPlantUml() {
    StringBuilder out = new StringBuilder("@startuml\n");
    for (Transition<S> t : rows) {
      out.append(t.from()).append(" --> ").append(t.to()).append(" : ").append(t.event());
      out.append('\n');
    }
    return out.append("@enduml\n").toString();
  }
}
