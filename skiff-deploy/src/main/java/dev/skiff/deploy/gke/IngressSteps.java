package dev.skiff.deploy.gke;

/**
 * install.sh's steps in front of Skiff: the global static IP for the load balancer, and with a
 * domain a Google-managed certificate and the DNS A record; with IAP, the steps that stay manual
 * (the OAuth consent screen: Google shut the IAP OAuth Admin API down, F15), the BackendConfig and
 * {@code roles/iap.httpsResourceAccessor} for each member.
 */
final class IngressSteps {
  private final GkePlanRequest r;
  private final PlanNames n;

  IngressSteps(GkePlanRequest request, PlanNames names) {
    this.r = request;
    this.n = names;
  }

  void append(ScriptText s) {
    s.step(
        "Global static IP " + n.address(),
        "The Ingress's load balancer keeps this address across redeploys.");
    s.line(
        "exists gcloud compute addresses describe "
            + n.address()
            + " --global --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud compute addresses create " + n.address() + " --global --project \"$PROJECT\"");
    s.line(
        "IP=$(gcloud compute addresses describe "
            + n.address()
            + " --global --project \"$PROJECT\" --format 'value(address)')");
    s.line("echo \"Static IP: $IP\"");
    if (r.domain() != null) {
      domain(s);
    }
    if (r.iap()) {
      iap(s);
    }
  }

  private void domain(ScriptText s) {
    s.step(
        "Certificate and DNS for " + r.domain(),
        "A Google-managed certificate (the Ingress names it in ingress.gcp.kubernetes.io/pre-shared-cert);",
        "Google provisions it once "
            + r.domain()
            + " resolves to the static IP, which can take up to an hour.");
    s.line(
        "exists gcloud compute ssl-certificates describe "
            + n.certificate()
            + " --global --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud compute ssl-certificates create "
            + n.certificate()
            + " --domains "
            + r.domain()
            + " --global --project \"$PROJECT\"");
    if (r.dnsZone() != null) {
      s.line(
          "exists gcloud dns record-sets describe "
              + r.domain()
              + ". --type A --zone "
              + r.dnsZone()
              + " --project \"$PROJECT\" \\");
      s.line(
          "  || gcloud dns record-sets create "
              + r.domain()
              + ". --type A --ttl 300 --rrdatas \"$IP\" --zone "
              + r.dnsZone()
              + " --project \"$PROJECT\"");
    } else {
      s.line("echo \"Create this DNS record where " + r.domain() + "'s zone is kept:\"");
      s.line("echo \"  " + r.domain() + ". 300 IN A $IP\"");
    }
  }

  private void iap(ScriptText s) {
    s.step(
        "Identity-Aware Proxy",
        "MANUAL: the OAuth consent screen cannot be created by a script any more (Google shut the IAP OAuth",
        "Admin API down, F15). IAP then uses a Google-managed OAuth client, which admits accounts of your",
        "organization; for users outside it, create an OAuth client (web application) by hand and put its id and",
        "secret in a Secret named in the BackendConfig's iap.oauthclientCredentials.secretName.");
    s.line("cat <<'MANUAL'");
    s.line("MANUAL STEP: configure the OAuth consent screen (once per project), then press Enter:");
    s.line("  https://console.cloud.google.com/apis/credentials/consent?project=" + r.project());
    s.line(
        "  User type Internal (your organization) or External; app name Skiff; a support e-mail.");
    s.line("MANUAL");
    s.line("[[ -t 0 ]] && read -r _");
    s.line("kubectl apply -f \"$(dirname \"$0\")/backendconfig.yaml\"");
    for (String member : r.iapMembers()) {
      s.line(
          "gcloud iap web add-iam-policy-binding --project \"$PROJECT\" --role roles/iap.httpsResourceAccessor \\");
      s.line("  --member " + member + " >/dev/null");
    }
    s.line(
        "echo \"After Skiff is deployed, run iap-audience.sh to put IAP's audience into skiff.yaml.\"");
  }

  /** The BackendConfig that turns IAP on for Skiff's Service, and checks its health at /readyz. */
  static String backendConfig() {
    return """
        # Turns IAP on for Skiff's Service (annotated cloud.google.com/backend-config by Skiff's deploy).
        # Without oauthclientCredentials IAP uses a Google-managed OAuth client.
        apiVersion: cloud.google.com/v1
        kind: BackendConfig
        metadata:
          name: %s
          namespace: %s
        spec:
          iap:
            enabled: true
          healthCheck:
            type: HTTP
            requestPath: /readyz
            port: 8080
        """
        .formatted(PlanNames.SERVER_KSA, PlanNames.NAMESPACE);
  }
}
