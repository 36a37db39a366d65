package dev.skiff.deploy.apply;

import java.util.List;

/**
 * What a teardown did.
 *
 * @param removed inventory objects deleted and confirmed gone
 * @param kept objects kept on purpose (data without {@code --delete-data}, and the namespaces
 *     holding it)
 * @param left objects with the install's labels still there after the wait (stuck finalizers,
 *     objects made outside the inventory): the teardown failed when not empty
 */
public record TeardownReport(List<ObjectRef> removed, List<ObjectRef> kept, List<ObjectRef> left) {

  /** Copies the lists. */
  public TeardownReport {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
    left = List.copyOf(left);
  }

  /** Whether nothing with the labels remains besides what was kept on purpose. */
  public boolean clean() {
    return left.isEmpty();
  }
}
