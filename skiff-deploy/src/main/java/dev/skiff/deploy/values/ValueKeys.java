package dev.skiff.deploy.values;

import java.util.List;
import java.util.Optional;

/**
 * Every key a values file may set, with its default and what it means: the single source for the
 * reader (unknown keys are refused), the defaults and the README's table ({@link
 * #markdownTable()}).
 */
public final class ValueKeys {
  /**
   * One key.
   *
   * @param name dotted name ({@code auth.mode}); YAML nests it ({@code auth: {mode: iap}})
   * @param defaultValue the value when the file leaves it out; empty for "none", null for required
   * @param list whether a YAML list (or a comma-separated string) is expected
   * @param description one line for the table
   */
  public record Key(String name, String defaultValue, boolean list, String description) {}

  /** The keys in the README's order. */
  public static final List<Key> ALL =
      List.of(
          k(
              "name",
              "skiff",
              "Install name: the `skiff.dev/install` label, prefix of cluster-wide names"),
          k("namespace", "skiff", "Namespace of the server, PostgreSQL and the operator's Lease"),
          k("image", null, "Skiff's image, `repository:tag` or `repository@sha256:...` (required)"),
          k("imagePullPolicy", "IfNotPresent", "`IfNotPresent`, `Always` or `Never`"),
          k("replicas", "2", "Server replicas (the operator runs in the Lease holder)"),
          k("server.port", "8080", "Server port; also the port of Service `skiff`"),
          k("server.resources.requests.cpu", "300m", "CPU request per server replica"),
          k("server.resources.requests.memory", "512Mi", "Memory request per server replica"),
          k("server.resources.limits.cpu", "1", "CPU limit per server replica"),
          k("server.resources.limits.memory", "1Gi", "Memory limit per server replica"),
          k("database.type", "postgres", "`postgres` (a StatefulSet here) or `external`"),
          k("database.url", "", "`jdbc:postgresql://HOST:5432/DB` (required when external)"),
          k("database.user", "skiff", "Database user"),
          k("database.passwordSecret", "skiff-db", "Secret (key `password`) holding the password"),
          k("database.postgres.image", "postgres:17", "PostgreSQL image (official image)"),
          k("database.postgres.storage", "10Gi", "PostgreSQL volume size"),
          k("database.postgres.storageClass", "", "PostgreSQL StorageClass (empty: the default)"),
          k("database.postgres.resources.requests.cpu", "200m", "PostgreSQL CPU request"),
          k("database.postgres.resources.requests.memory", "256Mi", "PostgreSQL memory request"),
          k("database.postgres.resources.limits.cpu", "1", "PostgreSQL CPU limit"),
          k("database.postgres.resources.limits.memory", "512Mi", "PostgreSQL memory limit"),
          k("artifacts.bucket", null, "Bucket for artifacts (required)"),
          k(
              "artifacts.endpoint",
              "",
              "S3 endpoint; `https://storage.googleapis.com` for GCS (empty: AWS)"),
          k("artifacts.region", "", "Bucket region (empty: the server's default)"),
          k("artifacts.prefix", "artifacts", "Key prefix inside the bucket"),
          k(
              "artifacts.credentialsSecret",
              "",
              "Secret with `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` in Skiff's namespace; the operator copies it into each profile namespace"),
          k(
              "artifacts.gcpServiceAccount",
              "",
              "Workload Identity: GCP service account annotated on `skiff-server`"),
          k("auth.mode", null, "`oidc`, `iap` or `proxy` (required: the server is reachable)"),
          k(
              "auth.externalUrl",
              "",
              "Public URL (required for oidc; default `https://<exposure.host>`)"),
          list("auth.admins", "Admin e-mails"),
          list("auth.allowedDomains", "E-mail domains allowed to sign in"),
          list("auth.allowedEmails", "E-mails allowed to sign in"),
          k(
              "auth.iap.audience",
              "",
              "IAP signed-header audience `/projects/N/global/backendServices/ID`"),
          k(
              "auth.iap.oauthSecret",
              "",
              "Secret (`client_id`, `client_secret`) for BackendConfig (empty: Google-managed client)"),
          k("auth.oidc.issuer", "", "OIDC issuer URL"),
          k("auth.oidc.clientId", "", "OIDC client id"),
          k(
              "auth.oidc.clientSecretSecret",
              "skiff-oidc",
              "Secret (key `clientSecret`) with the OIDC client secret"),
          k("auth.proxy.header", "X-Forwarded-Email", "Header carrying the user's e-mail"),
          list("auth.proxy.trustedAddresses", "Addresses/CIDRs the proxy connects from"),
          k("exposure.type", "none", "`none`, `ingress` or `gateway` (an HTTPRoute)"),
          k("exposure.host", "", "Host name (required for ingress and gateway)"),
          k(
              "exposure.ingressClassName",
              "",
              "IngressClass (empty: the cluster default; GKE: `gce`)"),
          k("exposure.tls.secretName", "", "TLS Secret for the Ingress"),
          k(
              "exposure.tls.managedCertificate",
              "false",
              "Emit a GKE ManagedCertificate for the host"),
          k("exposure.staticIpName", "", "GKE global static IP name for the Ingress"),
          k(
              "exposure.gateway.name",
              "",
              "Gateway the HTTPRoute attaches to (required for gateway)"),
          k("exposure.gateway.namespace", "", "Gateway's namespace (empty: `namespace`)"),
          k(
              "kubernetes.serviceAccount",
              "default-editor",
              "Service account of steps and notebooks"),
          list(
              "kubernetes.accelerators",
              "Accelerator types offered (empty: the built-in GKE list)"),
          k("kubernetes.clusterDomain", "cluster.local", "Cluster DNS domain"),
          k(
              "kubernetes.notebookImage",
              "",
              "Default notebook image (empty: Kubeflow's Jupyter image)"),
          k("kubernetes.workspaceSize", "5Gi", "Notebook workspace volume size"),
          k("kubernetes.storageClass", "", "StorageClass for step and notebook volumes"),
          k("networkPolicy", "true", "Emit NetworkPolicies for the Skiff namespace"));

  private ValueKeys() {}

  private static Key k(String name, String defaultValue, String description) {
    return new Key(name, defaultValue, false, description);
  }

  private static Key list(String name, String description) {
    return new Key(name, "", true, description);
  }

  /** The key named {@code name}. */
  public static Optional<Key> find(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /** Whether {@code name} is a key or a section holding keys ({@code auth}, {@code auth.iap}). */
  static boolean isKnownOrPrefix(String name) {
    return ALL.stream().anyMatch(k -> k.name().equals(name) || k.name().startsWith(name + "."));
  }

  /** The README's table: key, default, meaning. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| Key | Default | Meaning |\n|---|---|---|\n");
    for (Key k : ALL) {
      String d =
          k.defaultValue() == null
              ? "required"
              : k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`";
      b.append("| `").append(k.name()).append("` | ").append(d).append(" | ");
      b.append(k.description()).append(" |\n");
    }
    return b.toString();
  }
}
