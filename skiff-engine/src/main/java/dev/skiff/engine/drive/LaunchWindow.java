package dev.skiff.engine.drive;

import dev.skiff.engine.schedule.Action;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Bounds how many attempts of one run are handed to the executor at once: launches beyond the
 * executor's window wait here, oldest first, as (path, attempt) pairs of a few bytes each, and go
 * out as attempts end.
 */
final class LaunchWindow {
  private final int size;
  private final ArrayDeque<Action.Launch> waiting = new ArrayDeque<>();
  private final Set<String> waitingPaths = new HashSet<>();
  private int inFlight;

  /** A window of {@code size} attempts (at least 1). */
  LaunchWindow(int size) {
    this.size = Math.max(1, size);
  }

  /** Whether a new launch may go out now (nothing waits ahead of it and there is room). */
  boolean hasRoom() {
    return inFlight < size && waiting.isEmpty();
  }

  /**
   * Keeps a launch until there is room.
   *
   * @return false when that task already waits (the scheduler asked again)
   */
  boolean defer(Action.Launch launch) {
    if (waitingPaths.add(launch.path())) {
      waiting.add(launch);
      return true;
    }
    return false;
  }

  /** The oldest waiting launch when there is room for it, else null. */
  Action.Launch next() {
    if (inFlight >= size || waiting.isEmpty()) {
      return null;
    }
    Action.Launch l = waiting.poll();
    waitingPaths.remove(l.path());
    return l;
  }

  /** An attempt went to the executor. */
  void sent() {
    inFlight++;
  }

  /** An attempt came back. */
  void returned() {
    inFlight--;
  }
}
