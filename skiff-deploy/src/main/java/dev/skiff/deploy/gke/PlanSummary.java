package dev.skiff.deploy.gke;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code plan.txt}, what the plan creates with its counts; its first lines head install.sh
 * too, so that a regional cluster's multiplied nodes, CPUs and addresses are seen before anything
 * runs (F1).
 */
public final class PlanSummary {
  private PlanSummary() {}

  /** The few lines that say where the cluster goes and what it takes. */
  public static List<String> headline(GkePlanRequest r, ResourceNeeds needs) {
    List<String> lines = new ArrayList<>();
    boolean regional = r.location() instanceof Location.Region;
    lines.add(
        "Project "
            + r.project()
            + ": "
            + (regional
                ? "REGIONAL cluster "
                    + r.name()
                    + " in "
                    + r.location().name()
                    + " ("
                    + needs.zones()
                    + " zones"
                    + (needs.zonesAssumed() ? ", assumed: read the region's facts to know" : "")
                    + ")"
                : "zonal cluster " + r.name() + " in " + r.location().name())
            + ".");
    String vcpus =
        needs.cpuPoolVcpus().map(v -> v + " vCPUs").orElse("vCPUs unknown for " + r.machineType());
    lines.add(
        "CPU pool: "
            + (regional ? r.nodes() + " nodes per zone × " + needs.zones() + " zones = " : "")
            + needs.cpuNodes()
            + " × "
            + r.machineType()
            + " ("
            + vcpus
            + ").");
    r.gpu()
        .ifPresent(
            g ->
                lines.add(
                    "GPU pool: 0 to "
                        + needs.gpuNodes()
                        + " × "
                        + r.gpuMachine().orElseThrow()
                        + " with "
                        + g.count()
                        + " × "
                        + g.type()
                        + " each (up to "
                        + needs.gpus()
                        + " GPUs"
                        + needs.gpuPoolVcpus().map(v -> ", " + v + " vCPUs").orElse("")
                        + ")."));
    lines.add(
        "At most "
            + needs.inUseAddresses()
            + " in-use external addresses (one per node) + 1 global static IP; "
            + needs.bootDiskGb()
            + " GB of boot disks.");
    return lines;
  }

  /** The whole of plan.txt. */
  public static String render(GkePlanRequest r, ResourceNeeds needs, PreflightReport preflight) {
    PlanNames n = PlanNames.of(r.project(), r.name());
    List<String> out = new ArrayList<>(headline(r, needs));
    out.add("");
    out.add("Creates (install.sh):");
    out.add(
        "  "
            + RequiredApis.of(r).size()
            + " APIs enabled: "
            + String.join(", ", RequiredApis.of(r)));
    out.add(
        "  3 service accounts: "
            + n.email(n.nodesAccount())
            + ", "
            + n.email(n.serverAccount())
            + ", "
            + n.email(n.stepsAccount()));
    if (r.ownsRegistry()) {
      out.add(
          "  1 Artifact Registry repository: "
              + n.registry()
              + " ("
              + r.location().region()
              + ") for "
              + r.imageReference());
    }
    out.add(
        "  1 GKE cluster: "
            + n.cluster()
            + " with Workload Identity ("
            + n.workloadPool()
            + ") and its CPU pool");
    r.gpu()
        .ifPresent(
            g ->
                out.add(
                    "  1 GPU node pool: "
                        + n.gpuPool()
                        + " (autoscaling 0 to "
                        + g.maxNodes()
                        + (needs.zones() > 1 ? " per zone" : "")
                        + ", driver installed by GKE)"));
    out.add(
        "  1 bucket: gs://"
            + n.bucket()
            + " (uniform access, "
            + r.location().region()
            + ") and 1 HMAC key for it");
    int bindings =
        2 + 1 + 1 + (r.ownsRegistry() ? 1 : 0) + (r.cloudSql() ? 1 : 0) + r.iapMembers().size();
    out.add(
        "  "
            + bindings
            + " IAM bindings: storage.objectAdmin on the bucket (server, steps), workloadIdentityUser (server),"
            + " container.defaultNodeServiceAccount (nodes)"
            + (r.ownsRegistry() ? ", artifactregistry.reader (nodes)" : "")
            + (r.cloudSql() ? ", cloudsql.client (server)" : "")
            + (r.iapMembers().isEmpty()
                ? ""
                : ", iap.httpsResourceAccessor × " + r.iapMembers().size()));
    if (r.cloudSql()) {
      out.add(
          "  1 Cloud SQL for PostgreSQL instance: "
              + n.sqlInstance()
              + " ("
              + CloudSqlSteps.TIER
              + ") with database and user skiff");
    }
    out.add("  1 global static IP: " + n.address());
    if (r.domain() != null) {
      out.add("  1 Google-managed certificate: " + n.certificate() + " for " + r.domain());
      out.add(
          "  1 DNS A record: "
              + r.domain()
              + (r.dnsZone() != null
                  ? " in zone " + r.dnsZone()
                  : " (printed: create it where the domain's zone is kept)"));
    }
    if (r.iap()) {
      out.add(
          "  IAP: BackendConfig "
              + PlanNames.NAMESPACE
              + "/"
              + PlanNames.SERVER_KSA
              + "; the OAuth consent screen stays a manual step (F15); iap-audience.sh fills auth.iap.audience after deploy");
    }
    out.add(
        "  "
            + (r.cloudSql() ? 2 : 1)
            + " Kubernetes Secret"
            + (r.cloudSql() ? "s" : "")
            + " in namespace "
            + PlanNames.NAMESPACE
            + ": "
            + PlanNames.ARTIFACT_SECRET
            + (r.cloudSql()
                ? ", " + PlanNames.DATABASE_SECRET
                : " (and the in-cluster database's, made by Skiff's deploy)"));
    out.add("");
    out.add(
        "Left to the operator: binding each profile namespace's default-editor to "
            + n.email(n.stepsAccount())
            + " (install.sh prints how).");
    out.add("");
    out.add("Preflight:");
    out.add(preflight.render().stripTrailing());
    return String.join("\n", out) + "\n";
  }
}
