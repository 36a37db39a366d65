package dev.skiff.deploy.gke;

import java.util.List;

/**
 * Writes {@code install.sh}: the gcloud (and kubectl) commands that create a plan's resources in
 * dependency order. Steps that create something first look for it, so the script can be re-run
 * after a failure. The cluster is created with its Workload Identity pool before any binding names
 * the pool (F3); the GPU pool scales from zero with GKE installing the driver (F10).
 */
public final class InstallScript {
  private final GkePlanRequest r;
  private final PlanNames n;
  private final ResourceNeeds needs;

  /** The script for {@code request}, whose resources {@code needs} counts. */
  public InstallScript(GkePlanRequest request, ResourceNeeds needs) {
    this.r = request;
    this.n = PlanNames.of(request.project(), request.name());
    this.needs = needs;
  }

  /** The script's text. */
  public String render() {
    ScriptText s = new ScriptText();
    s.line("#!/usr/bin/env bash");
    s.comment(
        "Skiff on GKE: install plan written by `skiff plan gke` (Skiff " + r.version() + ").");
    s.comment(
        "Read it before running it: `bash install.sh`. Writing it touched nothing in the project.");
    for (String line : PlanSummary.headline(r, needs)) {
      s.comment(line);
    }
    s.comment("Every step that creates something first looks for it, so the script can be re-run.");
    s.line("set -euo pipefail");
    s.line("");
    s.line("PROJECT=" + r.project());
    s.line("REGION=" + r.location().region());
    s.line("LOCATION=(" + r.location().flag() + " " + r.location().name() + ")");
    s.line("CLUSTER=" + n.cluster());
    s.line("");
    s.line("step() { printf '\\n==> %s\\n' \"$*\"; }");
    s.line("exists() { \"$@\" >/dev/null 2>&1; }");
    apis(s);
    accounts(s);
    if (r.ownsRegistry()) {
      registry(s);
    }
    cluster(s);
    r.gpu().ifPresent(g -> gpuPool(s, g));
    bucket(s);
    workloadIdentity(s);
    if (r.cloudSql()) {
      new CloudSqlSteps(r, n).append(s);
    }
    new IngressSteps(r, n).append(s);
    s.line("");
    s.comment("--- done ---");
    s.line("step \"done\"");
    s.line(
        "echo \"The infrastructure is ready. Next: push Skiff's image to "
            + r.imageReference()
            + ",\"");
    s.line("echo \"then install Skiff with the skiff.yaml written next to this script.\"");
    return s.toString();
  }

  private void apis(ScriptText s) {
    s.step("Enable the APIs", "Enabling an API that is already enabled changes nothing.");
    s.line(
        "gcloud services enable "
            + String.join(" ", RequiredApis.of(r))
            + " --project \"$PROJECT\"");
  }

  private void accounts(ScriptText s) {
    s.step(
        "Google service accounts",
        n.nodesAccount()
            + ": the nodes (logs, metrics, image pulls) instead of the Compute Engine default account, which has Editor.",
        n.serverAccount()
            + ": Skiff's server (artifacts bucket"
            + (r.cloudSql() ? ", Cloud SQL" : "")
            + "), through Workload Identity.",
        n.stepsAccount()
            + ": pipeline steps' own Google API calls (the artifacts bucket only), through Workload Identity.");
    account(s, n.nodesAccount(), "Skiff GKE nodes");
    account(s, n.serverAccount(), "Skiff server");
    account(s, n.stepsAccount(), "Skiff pipeline steps");
    s.line("gcloud projects add-iam-policy-binding \"$PROJECT\" --condition=None --quiet \\");
    s.line(
        "  --member \"serviceAccount:"
            + n.email(n.nodesAccount())
            + "\" --role roles/container.defaultNodeServiceAccount >/dev/null");
  }

  private static void account(ScriptText s, String id, String display) {
    s.line(
        "exists gcloud iam service-accounts describe "
            + id
            + "@\"$PROJECT\".iam.gserviceaccount.com --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud iam service-accounts create "
            + id
            + " --display-name \""
            + display
            + "\" --project \"$PROJECT\"");
  }

  private void registry(ScriptText s) {
    s.step(
        "Artifact Registry repository for Skiff's image", "The nodes may read it; nothing else.");
    s.line(
        "exists gcloud artifacts repositories describe "
            + n.registry()
            + " --location \"$REGION\" --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud artifacts repositories create "
            + n.registry()
            + " --repository-format docker --location \"$REGION\" --project \"$PROJECT\"");
    s.line(
        "gcloud artifacts repositories add-iam-policy-binding "
            + n.registry()
            + " --location \"$REGION\" --project \"$PROJECT\" \\");
    s.line(
        "  --member \"serviceAccount:"
            + n.email(n.nodesAccount())
            + "\" --role roles/artifactregistry.reader >/dev/null");
  }

  private void cluster(ScriptText s) {
    boolean regional = r.location() instanceof Location.Region;
    s.step(
        (regional ? "Regional" : "Zonal") + " cluster with Workload Identity and the CPU pool",
        "--workload-pool creates the project's pool "
            + n.workloadPool()
            + "; every Workload Identity binding below",
        "comes after this step, because a binding to a pool that does not exist yet fails (F3).",
        "The cluster's default-pool is the CPU pool: "
            + r.nodes()
            + " × "
            + r.machineType()
            + (regional
                ? " per zone, in each of the region's "
                    + needs.zones()
                    + " zones ("
                    + needs.cpuNodes()
                    + " nodes, F1)."
                : "."));
    s.line(
        "exists gcloud container clusters describe \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud container clusters create \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\" \\");
    s.line("    --release-channel regular --enable-ip-alias \\");
    s.line("    --workload-pool \"$PROJECT.svc.id.goog\" \\");
    s.line("    --machine-type " + r.machineType() + " --num-nodes " + r.nodes() + " \\");
    s.line("    --disk-type pd-balanced --disk-size " + ResourceNeeds.CPU_BOOT_DISK_GB + " \\");
    s.line("    --service-account " + n.email(n.nodesAccount()) + " \\");
    s.line("    --workload-metadata GKE_METADATA --enable-shielded-nodes");
    s.line(
        "gcloud container clusters get-credentials \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\"");
    s.line(
        "kubectl create namespace "
            + PlanNames.NAMESPACE
            + " --dry-run=client -o yaml | kubectl apply -f -");
  }

  private void gpuPool(ScriptText s, GpuRequest g) {
    s.step(
        "GPU pool: "
            + g.count()
            + " × "
            + g.type()
            + " per node, 0 to "
            + g.maxNodes()
            + " nodes"
            + (needs.zones() > 1 ? " per zone" : ""),
        "gpu-driver-version=default makes GKE install the NVIDIA driver: no driver DaemonSet to apply by hand (F10).",
        "It scales from zero, so it costs nothing until a step or notebook asks for a GPU; GKE taints its",
        "nodes nvidia.com/gpu:NoSchedule and adds the toleration to pods that request nvidia.com/gpu.");
    s.line(
        "exists gcloud container node-pools describe "
            + n.gpuPool()
            + " --cluster \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud container node-pools create "
            + n.gpuPool()
            + " --cluster \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\" \\");
    s.line("    --machine-type " + r.gpuMachine().orElseThrow() + " \\");
    s.line(
        "    --accelerator type="
            + g.type()
            + ",count="
            + g.count()
            + ",gpu-driver-version=default \\");
    s.line(
        "    --enable-autoscaling --num-nodes 0 --min-nodes 0 --max-nodes " + g.maxNodes() + " \\");
    s.line("    --disk-type pd-balanced --disk-size " + ResourceNeeds.GPU_BOOT_DISK_GB + " \\");
    s.line(
        "    --service-account " + n.email(n.nodesAccount()) + " --workload-metadata GKE_METADATA");
  }

  private void bucket(ScriptText s) {
    s.step(
        "Artifacts bucket gs://" + n.bucket() + " in " + r.location().region(),
        "Uniform access: permissions come from IAM on the bucket only. The server and the steps may read and",
        "write its objects (storage.objectAdmin on this bucket, nothing project-wide). Skiff reaches it through",
        "GCS's S3-compatible endpoint with an HMAC key of the server's account, kept in the Secret "
            + PlanNames.ARTIFACT_SECRET
            + ".");
    s.line(
        "exists gcloud storage buckets describe gs://" + n.bucket() + " --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud storage buckets create gs://"
            + n.bucket()
            + " --project \"$PROJECT\" --location \"$REGION\" --uniform-bucket-level-access");
    for (String account : List.of(n.serverAccount(), n.stepsAccount())) {
      s.line("gcloud storage buckets add-iam-policy-binding gs://" + n.bucket() + " \\");
      s.line(
          "  --member \"serviceAccount:"
              + n.email(account)
              + "\" --role roles/storage.objectAdmin >/dev/null");
    }
    s.line(
        "if ! exists kubectl get secret "
            + PlanNames.ARTIFACT_SECRET
            + " -n "
            + PlanNames.NAMESPACE
            + "; then");
    s.line(
        "  key=$(gcloud storage hmac create "
            + n.email(n.serverAccount())
            + " --project \"$PROJECT\" --format 'value(metadata.accessId,secret)')");
    s.line(
        "  kubectl create secret generic "
            + PlanNames.ARTIFACT_SECRET
            + " -n "
            + PlanNames.NAMESPACE
            + " \\");
    s.line(
        "    --from-literal AWS_ACCESS_KEY_ID=\"$(cut -f1 <<<\"$key\")\" --from-literal AWS_SECRET_ACCESS_KEY=\"$(cut -f2 <<<\"$key\")\"");
    s.line("fi");
  }

  private void workloadIdentity(ScriptText s) {
    s.step(
        "Workload Identity bindings",
        "The Kubernetes service account "
            + PlanNames.NAMESPACE
            + "/"
            + PlanNames.SERVER_KSA
            + " acts as "
            + n.serverAccount()
            + ".",
        "Skiff's deploy creates that Kubernetes account with the annotation iam.gke.io/gcp-service-account.",
        "Steps run in each profile's namespace as default-editor: binding it to "
            + n.stepsAccount()
            + " is the operator's",
        "job when a profile is created (printed below), because profiles come and go after the install.");
    s.line(
        "gcloud iam service-accounts add-iam-policy-binding "
            + n.email(n.serverAccount())
            + " --project \"$PROJECT\" \\");
    s.line(
        "  --role roles/iam.workloadIdentityUser --member \"serviceAccount:$PROJECT.svc.id.goog["
            + PlanNames.NAMESPACE
            + "/"
            + PlanNames.SERVER_KSA
            + "]\" >/dev/null");
    s.line(
        "echo \"For each profile namespace NS, let its steps act as " + n.stepsAccount() + ":\"");
    s.line(
        "echo \"  gcloud iam service-accounts add-iam-policy-binding "
            + n.email(n.stepsAccount())
            + " --project $PROJECT \\\\\"");
    s.line(
        "echo \"    --role roles/iam.workloadIdentityUser --member 'serviceAccount:$PROJECT.svc.id.goog[NS/default-editor]'\"");
    s.line(
        "echo \"  kubectl annotate serviceaccount default-editor -n NS iam.gke.io/gcp-service-account="
            + n.email(n.stepsAccount())
            + "\"");
  }
}
