package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One condition of a Notebook, as Kubeflow's: the pod's conditions mirrored, plus Skiff's {@code
 * InvalidSpec} when the spec cannot be run. Times are RFC 3339 strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotebookCondition {
  private String type;
  private String status;
  private String reason;
  private String message;
  private String lastProbeTime;
  private String lastTransitionTime;

  public NotebookCondition() {}

  public NotebookCondition(
      String type,
      String status,
      String reason,
      String message,
      String lastProbeTime,
      String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.lastProbeTime = lastProbeTime;
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastProbeTime() {
    return lastProbeTime;
  }

  public void setLastProbeTime(String lastProbeTime) {
    this.lastProbeTime = lastProbeTime;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }
}
