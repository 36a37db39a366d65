package dev.skiff.deploy.gke;

import dev.skiff.kubernetes.KubernetesSettings.Accelerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the {@code skiff.yaml} Skiff's server runs with on the planned cluster: the Kubernetes
 * executor, artifacts in the bucket through GCS's S3-compatible endpoint, Cloud SQL through the
 * Auth Proxy when planned, and IAP sign-in with its audience.
 *
 * <p>IAP's audience, {@code /projects/NUMBER/global/backendServices/ID}, names a backend service
 * that GKE creates only when Skiff's Ingress is applied, so the file carries the placeholder {@code
 * BACKEND_SERVICE_ID} (and {@code PROJECT_NUMBER} when the facts did not reveal the number) until
 * {@code iap-audience.sh} fills them in; the server refuses to start with a placeholder, so it
 * never runs with an audience that lets other backends' tokens in.
 */
public final class ClusterConfigFile {
  /** Stands for the backend service's id until iap-audience.sh looks it up. */
  public static final String SERVICE_ID_PLACEHOLDER = "BACKEND_SERVICE_ID";

  /** Stands for the project's number when the facts did not reveal it. */
  public static final String NUMBER_PLACEHOLDER = "PROJECT_NUMBER";

  /** What iap-audience.sh replaces (the same expression, in sed's syntax there). */
  public static final String AUDIENCE_PATTERN =
      "/projects/[A-Z0-9_]+/global/backendServices/[A-Z0-9_]+";

  private final GkePlanRequest r;
  private final PlanNames n;
  private final Optional<String> projectNumber;

  /** The file for {@code request}; {@code projectNumber} when the facts gave it. */
  public ClusterConfigFile(GkePlanRequest request, Optional<String> projectNumber) {
    this.r = request;
    this.n = PlanNames.of(request.project(), request.name());
    this.projectNumber = projectNumber;
  }

  /** The file's text. */
  public String render() {
    List<String> y = new ArrayList<>();
    y.add(
        "# Skiff on GKE cluster "
            + n.cluster()
            + " (project "
            + r.project()
            + "), written by `skiff plan gke`.");
    y.add("server:");
    if (r.iap()) {
      y.add("  host: 0.0.0.0          # behind the load balancer and IAP");
    } else {
      y.add(
          "  # No sign-in mode was planned (--iap), so Skiff listens on loopback only: reach it with");
      y.add(
          "  # `kubectl port-forward`. Re-plan with --iap, or set auth.mode oidc, to serve it on the address.");
      y.add("  host: 127.0.0.1");
    }
    y.add("  port: 8080");
    y.add("engine:");
    y.add("  executor: kubernetes");
    y.add("kubernetes:");
    y.add("  namespace: " + PlanNames.NAMESPACE);
    y.add("  image: " + r.imageReference());
    y.add(
        "  artifactSecret: "
            + PlanNames.ARTIFACT_SECRET
            + "   # the bucket's HMAC key, made by install.sh");
    r.gpu()
        .ifPresent(
            g ->
                y.add(
                    "  accelerators: nvidia.com/gpu,"
                        + Accelerator.GKE_NVIDIA.stream()
                            .filter(
                                a ->
                                    g.type()
                                        .equals(a.nodeLabels().get(Accelerator.GKE_ACCELERATOR)))
                            .map(Accelerator::type)
                            .findFirst()
                            .orElse("")));
    y.add("artifacts:");
    y.add("  store: s3");
    y.add("  s3:");
    y.add(
        "    # GCS's S3-compatible (XML) API; the key comes from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,");
    y.add(
        "    # set from the Secret "
            + PlanNames.ARTIFACT_SECRET
            + ". Region auto and gs:// URIs are GCS's defaults.");
    y.add("    endpoint: https://storage.googleapis.com");
    y.add("    bucket: " + n.bucket());
    if (r.cloudSql()) {
      y.add("database:");
      y.add(
          "  # Cloud SQL "
              + CloudSqlSteps.connectionName(r, n)
              + " through the Cloud SQL Auth Proxy beside the server;");
      y.add(
          "  # the password is SKIFF_DB_PASSWORD from the Secret "
              + PlanNames.DATABASE_SECRET
              + ".");
      y.add("  url: jdbc:postgresql://127.0.0.1:5432/skiff");
      y.add("  user: skiff");
    }
    if (r.iap()) {
      y.add("auth:");
      y.add("  mode: iap");
      y.add("  externalUrl: https://" + r.domain());
      y.add("  iap:");
      y.add(
          "    # IAP's 'Signed header JWT audience'. GKE creates the backend service when Skiff's Ingress is");
      y.add(
          "    # applied, so its id is known only then: run iap-audience.sh after deploying. Until then the");
      y.add("    # server refuses to start rather than accept an audience it cannot check.");
      y.add(
          "    audience: /projects/"
              + projectNumber.orElse(NUMBER_PLACEHOLDER)
              + "/global/backendServices/"
              + SERVICE_ID_PLACEHOLDER);
    }
    return String.join("\n", y) + "\n";
  }

  /** {@code iap-audience.sh}: fills the audience in once the backend service exists. */
  public String audienceScript() {
    return """
        #!/usr/bin/env bash
        # Puts IAP's signed-header audience into skiff.yaml once Skiff's Ingress has made GKE create the
        # backend service for %1$s/%2$s. Written by `skiff plan gke`; run it after deploying Skiff.
        set -euo pipefail
        PROJECT=%3$s
        dir=$(dirname "$0")
        number=$(gcloud projects describe "$PROJECT" --format 'value(projectNumber)')
        id=$(gcloud compute backend-services list --global --project "$PROJECT" \\
          --filter 'name~-%1$s-%2$s-' --format 'value(id)' | head -n 1)
        if [[ -z "$id" ]]; then
          echo "iap-audience.sh: no backend service for %1$s/%2$s yet: deploy Skiff, wait for its Ingress, retry" >&2
          exit 1
        fi
        sed -i -E "s#%4$s#/projects/$number/global/backendServices/$id#" "$dir/skiff.yaml"
        echo "auth.iap.audience: /projects/$number/global/backendServices/$id (restart Skiff's server to use it)"
        """
        .formatted(PlanNames.NAMESPACE, PlanNames.SERVER_KSA, r.project(), AUDIENCE_PATTERN);
  }
}
