package dev.skiff.deploy.gke;

/**
 * One Compute Engine quota as {@code gcloud compute regions describe} and {@code project-info
 * describe} list it.
 *
 * @param metric e.g. {@code CPUS}
 * @param limit the most the project may use
 * @param usage what it uses now
 */
public record Quota(String metric, double limit, double usage) {
  /** What is left: limit minus usage, never below zero. */
  public double available() {
    return Math.max(0, limit - usage);
  }
}
