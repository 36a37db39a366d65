package dev.skiff.deploy.apply;

import java.util.List;

/**
 * What a deploy did.
 *
 * @param changed objects created or updated (in a dry run: that would be)
 * @param unchanged objects already as applied before ("no changes")
 * @param notChecked dry run only: objects the server could not check because what they need (a
 *     namespace, a CRD) is created by this install
 * @param dryRun whether nothing was stored
 */
public record InstallReport(
    List<ObjectRef> changed,
    List<ObjectRef> unchanged,
    List<ObjectRef> notChecked,
    boolean dryRun) {

  /** Copies the lists. */
  public InstallReport {
    changed = List.copyOf(changed);
    unchanged = List.copyOf(unchanged);
    notChecked = List.copyOf(notChecked);
  }

  /** Whether the cluster already held everything as applied. */
  public boolean noChanges() {
    return changed.isEmpty() && notChecked.isEmpty();
  }

  /** The closing line. */
  public String summary() {
    int total = changed.size() + unchanged.size() + notChecked.size();
    if (dryRun) {
      return "Dry run: "
          + changed.size()
          + " would change, "
          + unchanged.size()
          + " unchanged, "
          + notChecked.size()
          + " not checked (created by this install) of "
          + total
          + " objects; nothing was stored.";
    }
    if (noChanges()) {
      return "No changes: all " + total + " objects are as applied before.";
    }
    return "Applied "
        + total
        + " objects: "
        + changed.size()
        + " changed, "
        + unchanged.size()
        + " unchanged.";
  }
}
