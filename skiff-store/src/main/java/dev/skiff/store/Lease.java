package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A process's hold on the runs it drives.
 *
 * @param owner the holder's id (unique per process, see the engine's ownership package)
 * @param until when the hold lapses unless renewed
 */
public record Lease(String owner, Instant until) {
  public Lease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(until, "until");
  }
}
