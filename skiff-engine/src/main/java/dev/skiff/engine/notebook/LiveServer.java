package dev.skiff.engine.notebook;

import java.time.Instant;

/**
 * A server this service started or found again, while it runs.
 *
 * @param handle the launcher's handle
 * @param endpoint where it answers
 * @param jupyter whether it speaks Jupyter's REST API (else a configured command)
 * @param since when it was started or found
 * @param ready it answered
 * @param nextIdleCheck when its activity is checked next
 */
record LiveServer(
    String handle,
    NotebookEndpoint endpoint,
    boolean jupyter,
    Instant since,
    boolean ready,
    Instant nextIdleCheck) {

  LiveServer answered(Instant next) {
    return new LiveServer(handle, endpoint, jupyter, since, true, next);
  }

  LiveServer checkedAt(Instant next) {
    return new LiveServer(handle, endpoint, jupyter, since, ready, next);
  }
}
