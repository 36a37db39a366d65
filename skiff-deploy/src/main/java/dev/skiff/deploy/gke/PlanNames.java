package dev.skiff.deploy.gke;

/**
 * The names of everything the plan creates, all derived from the cluster's name so that teardown
 * and its verification can find them again (F13).
 *
 * @param project the project id
 * @param cluster the GKE cluster
 * @param gpuPool the GPU node pool (the CPU pool is the cluster's {@code default-pool})
 * @param serverAccount the server's Google service account id
 * @param stepsAccount the pipeline steps' Google service account id
 * @param nodesAccount the nodes' Google service account id
 * @param bucket the artifacts bucket
 * @param address the global static IP address
 * @param certificate the Google-managed SSL certificate
 * @param sqlInstance the Cloud SQL instance
 * @param registry the Artifact Registry repository for Skiff's image
 */
public record PlanNames(
    String project,
    String cluster,
    String gpuPool,
    String serverAccount,
    String stepsAccount,
    String nodesAccount,
    String bucket,
    String address,
    String certificate,
    String sqlInstance,
    String registry) {
  /** Skiff's Kubernetes namespace. */
  public static final String NAMESPACE = "skiff";

  /**
   * The server's Kubernetes service account, bound to {@link #serverAccount} by Workload Identity.
   */
  public static final String SERVER_KSA = "skiff-server";

  /** The Kubernetes Secret that holds the artifacts bucket's HMAC key. */
  public static final String ARTIFACT_SECRET = "skiff-artifacts";

  /** The Kubernetes Secret that holds the Cloud SQL user's password. */
  public static final String DATABASE_SECRET = "skiff-database";

  /** The names for a cluster called {@code name} in {@code project}. */
  public static PlanNames of(String project, String name) {
    return new PlanNames(
        project,
        name,
        "gpu",
        name + "-server",
        name + "-steps",
        name + "-nodes",
        project + "-" + name + "-artifacts",
        name + "-ip",
        name + "-cert",
        name + "-db",
        name);
  }

  /** A service account id's e-mail address. */
  public String email(String accountId) {
    return accountId + "@" + project + ".iam.gserviceaccount.com";
  }

  /** The project's Workload Identity pool, which exists once a cluster is created with it (F3). */
  public String workloadPool() {
    return project + ".svc.id.goog";
  }
}
