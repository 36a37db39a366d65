package dev.skiff.engine.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the scheduler decided for one snapshot.
 *
 * @param actions to apply, in order; empty when nothing can change until an event arrives
 * @param wakeAt when to decide again even without an event (a retry's backoff ends)
 */
public record Decision(List<Action> actions, Optional<Instant> wakeAt) {
  /** Copies the actions. */
  public Decision {
    actions = List.copyOf(actions);
  }

  /** Whether there is nothing to do now. */
  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
