package dev.skiff.engine.drive;

import dev.skiff.engine.executor.StepId;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Bounds how many attempts of one run are handed to the executor at once. An attempt beyond the
 * window is recorded (so the scheduler does not ask for it again) but waits here, oldest first, as
 * its id alone — a few bytes — and goes out as earlier attempts end.
 */
final class LaunchWindow {
  private final int size;
  private final ArrayDeque<StepId> waiting = new ArrayDeque<>();
  private final Set<StepId> waitingIds = new HashSet<>();
  private int inFlight;

  /** A window of {@code size} attempts (at least 1). */
  LaunchWindow(int size) {
    this.size = Math.max(1, size);
  }

  /** Whether an attempt may go out now (nothing waits ahead of it and there is room). */
  boolean hasRoom() {
    return inFlight < size && waiting.isEmpty();
  }

  /** Keeps an attempt until there is room. */
  void queue(StepId id) {
    if (waitingIds.add(id)) {
      waiting.add(id);
    }
  }

  /**
   * Forgets a waiting attempt (it was canceled before it went out).
   *
   * @return whether it was waiting
   */
  boolean remove(StepId id) {
    if (waitingIds.remove(id)) {
      waiting.remove(id);
      return true;
    }
    return false;
  }

  /** The oldest waiting attempt when there is room for it, else null. */
  StepId next() {
    if (inFlight >= size || waiting.isEmpty()) {
      return null;
    }
    StepId id = waiting.poll();
    waitingIds.remove(id);
    return id;
  }

  /** How many attempts wait. */
  int waiting() {
    return waiting.size();
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
