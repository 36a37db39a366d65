package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one write, retrying the {@link TransientErrors} with a doubling, capped pause until the
 * install's deadline; any other error stops at once as an {@link InstallException}. Each retry is
 * printed with its cause, so a slow webhook is visible and needs no action.
 */
final class Retrier {
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Instant deadline;
  private final Consumer<String> out;

  Retrier(Duration backoff, Duration maxBackoff, Instant deadline, Consumer<String> out) {
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.deadline = deadline;
    this.out = out;
  }

  /** Runs {@code write} on {@code ref} ({@code action} names it in messages). */
  <T> T call(String action, ObjectRef ref, Set<String> crdGroups, Supplier<T> write) {
    Duration pause = backoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        Optional<String> why = TransientErrors.reason(e, ref, crdGroups);
        if (why.isEmpty()) {
          throw InstallException.of(action, ref, e);
        }
        if (Instant.now().plus(pause).isAfter(deadline)) {
          throw new InstallException(
              action
                  + " "
                  + ref
                  + " still failing after "
                  + attempt
                  + " attempts ("
                  + why.get()
                  + ") when the timeout ran out. Fix: check that the cluster's webhooks and API"
                  + " server are healthy, or raise --timeout");
        }
        out.accept(
            "  "
                + action
                + " "
                + ref
                + ": "
                + why.get()
                + "; retrying in "
                + Waits.seconds(pause)
                + " (attempt "
                + (attempt + 1)
                + ")");
        Waits.sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : pause.multipliedBy(2);
      }
    }
  }
}
