package dev.skiff.deploy.apply;

/**
 * One inventory object's state as {@code skiff status} shows it.
 *
 * @param detail e.g. {@code Established}, {@code 2/2 available}, {@code missing}
 */
public record ObjectState(ObjectRef ref, boolean exists, boolean healthy, String detail) {

  /** {@code ok|NOT OK Kind ns/name detail}. */
  public String line() {
    return (healthy ? "ok      " : "NOT OK  ") + ref + "  " + detail;
  }
}
