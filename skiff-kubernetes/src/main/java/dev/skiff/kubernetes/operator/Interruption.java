package dev.skiff.kubernetes.operator;

import java.io.InterruptedIOException;

/**
 * Tells a reconcile that failed because its thread was interrupted (the operator is stopping: a
 * server restart, or a replica losing its Lease) from one that failed on the cluster. The first
 * says nothing about the resource, so a reconciler writes no error status for it: the replica that
 * leads next reconciles the resource again.
 */
public final class Interruption {
  private Interruption() {}

  /** Whether {@code e}, or anything that caused it, is an interruption. */
  public static boolean caused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }
}
