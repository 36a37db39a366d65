package dev.skiff.deploy.gke;

/**
 * The GPU node pool asked for with {@code --gpu TYPE:COUNT}: {@code count} accelerators of {@code
 * type} (gcloud's accelerator name, e.g. {@code nvidia-tesla-t4}) on each node, from zero up to
 * {@code maxNodes} nodes per zone.
 */
public record GpuRequest(String type, int count, int maxNodes) {
  /** Reads {@code TYPE:COUNT}; a malformed value is a {@link PlanInputException}. */
  public static GpuRequest parse(String value, int maxNodes) {
    int colon = value.lastIndexOf(':');
    String type = colon < 0 ? value : value.substring(0, colon);
    String count = colon < 0 ? "1" : value.substring(colon + 1);
    if (!type.matches("[a-z][a-z0-9-]*[a-z0-9]") || !count.matches("[1-9][0-9]?")) {
      throw new PlanInputException(
          "--gpu must be TYPE:COUNT with gcloud's accelerator name, e.g. nvidia-tesla-t4:1, got '"
              + value
              + "'");
    }
    if (maxNodes < 1 || maxNodes > 100) {
      throw new PlanInputException(
          "--gpu-max-nodes must be a number from 1 to 100, got " + maxNodes);
    }
    return new GpuRequest(type, Integer.parseInt(count), maxNodes);
  }
}
