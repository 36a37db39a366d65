package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The state of a run or task: KFP's {@code RuntimeState}, written by name. */
public enum RuntimeState {
  /** What a state this client does not know reads as. */
  @JsonEnumDefaultValue
  RUNTIME_STATE_UNSPECIFIED,
  /** Not started. */
  PENDING,
  /** Started, not finished. */
  RUNNING,
  /** Finished well (a task: or reused a cached result). */
  SUCCEEDED,
  /** Not run (a task whose condition was false or whose upstream was skipped). */
  SKIPPED,
  /** Failed. */
  FAILED,
  /** Cancel requested, not finished yet. */
  CANCELING,
  /** Canceled. */
  CANCELED,
  /** Paused (KFP; Skiff does not pause runs). */
  PAUSED;

  /** Whether nothing will change any more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == SKIPPED || this == FAILED || this == CANCELED;
  }
}
