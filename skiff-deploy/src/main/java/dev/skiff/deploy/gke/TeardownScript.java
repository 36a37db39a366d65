package dev.skiff.deploy.gke;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code teardown.sh}, which deletes what install.sh created in reverse order, IAM bindings
 * before the accounts they name (a deleted account's bindings otherwise linger as {@code
 * deleted:serviceAccount:...}, F13), and {@code verify-teardown.sh}: list commands that must all
 * come back empty. The APIs stay enabled on purpose.
 */
public final class TeardownScript {
  private final GkePlanRequest r;
  private final PlanNames n;

  /** The scripts for {@code request}. */
  public TeardownScript(GkePlanRequest request) {
    this.r = request;
    this.n = PlanNames.of(request.project(), request.name());
  }

  /** teardown.sh's text. */
  public String render() {
    ScriptText s = new ScriptText();
    s.line("#!/usr/bin/env bash");
    s.comment(
        "Deletes Skiff's GKE install "
            + n.cluster()
            + " in project "
            + r.project()
            + ", written by `skiff plan gke --teardown`.");
    s.comment(
        "This deletes the cluster, the artifacts bucket WITH ITS OBJECTS"
            + (r.cloudSql() ? " and the Cloud SQL database" : "")
            + ".");
    s.comment(
        "Set SKIFF_TEARDOWN_CONFIRM="
            + r.project()
            + " to run it without the prompt. It ends with verify-teardown.sh.");
    s.line("set -uo pipefail");
    s.line("PROJECT=" + r.project());
    s.line("REGION=" + r.location().region());
    s.line("LOCATION=(" + r.location().flag() + " " + r.location().name() + ")");
    s.line("CLUSTER=" + n.cluster());
    s.line("step() { printf '\\n==> %s\\n' \"$*\"; }");
    s.line("if [[ \"${SKIFF_TEARDOWN_CONFIRM:-}\" != \"$PROJECT\" ]]; then");
    s.line("  read -r -p \"Type the project id ($PROJECT) to delete Skiff's install: \" answer");
    s.line("  [[ \"$answer\" == \"$PROJECT\" ]] || { echo \"Nothing deleted.\"; exit 1; }");
    s.line("fi");
    s.step(
        "Skiff's Ingress, so that GKE deletes its load balancer",
        "Deleting the cluster with the Ingress still there leaves the forwarding rules, backend services,",
        "health checks and network endpoint groups GKE made for it (F13); verify-teardown.sh looks for them.");
    s.line(
        "if gcloud container clusters get-credentials \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\" 2>/dev/null; then");
    s.line("  kubectl delete ingress --all -n " + PlanNames.NAMESPACE + " --wait --timeout 10m");
    s.line("  kubectl delete service --all -n " + PlanNames.NAMESPACE + " --wait --timeout 5m");
    s.line("fi");
    if (r.iap()) {
      s.step("IAP access bindings");
      for (String member : r.iapMembers()) {
        s.line(
            "gcloud iap web remove-iam-policy-binding --project \"$PROJECT\" --role roles/iap.httpsResourceAccessor --member "
                + member
                + " >/dev/null");
      }
    }
    if (r.domain() != null) {
      s.step("DNS record and certificate");
      if (r.dnsZone() != null) {
        s.line(
            "gcloud dns record-sets delete "
                + r.domain()
                + ". --type A --zone "
                + r.dnsZone()
                + " --project \"$PROJECT\"");
      } else {
        s.line("echo \"Delete the A record of " + r.domain() + " where its zone is kept.\"");
      }
      s.line(
          "gcloud compute ssl-certificates delete "
              + n.certificate()
              + " --global --project \"$PROJECT\" --quiet");
    }
    s.step("Global static IP");
    s.line(
        "gcloud compute addresses delete "
            + n.address()
            + " --global --project \"$PROJECT\" --quiet");
    if (r.cloudSql()) {
      s.step("Cloud SQL instance (and its database)");
      s.line("gcloud projects remove-iam-policy-binding \"$PROJECT\" --condition=None --quiet \\");
      s.line(
          "  --member \"serviceAccount:"
              + n.email(n.serverAccount())
              + "\" --role roles/cloudsql.client >/dev/null");
      s.line("gcloud sql instances delete " + n.sqlInstance() + " --project \"$PROJECT\" --quiet");
    }
    s.step("Artifacts bucket, its bindings and HMAC keys");
    s.line(
        "for id in $(gcloud storage hmac list --project \"$PROJECT\" --service-account "
            + n.email(n.serverAccount())
            + " --format 'value(accessId)'); do");
    s.line(
        "  gcloud storage hmac update \"$id\" --deactivate --project \"$PROJECT\" >/dev/null; gcloud storage hmac delete \"$id\" --project \"$PROJECT\"");
    s.line("done");
    s.line("gcloud storage rm --recursive gs://" + n.bucket());
    s.step(
        "Cluster (its node pools and boot disks go with it)",
        "Disks that Kubernetes volumes left behind are listed by verify-teardown.sh.");
    s.line(
        "gcloud container clusters delete \"$CLUSTER\" \"${LOCATION[@]}\" --project \"$PROJECT\" --quiet");
    if (r.ownsRegistry()) {
      s.step("Artifact Registry repository");
      s.line(
          "gcloud artifacts repositories delete "
              + n.registry()
              + " --location \"$REGION\" --project \"$PROJECT\" --quiet");
    }
    s.step("Service accounts, after the bindings that name them");
    s.line("gcloud projects remove-iam-policy-binding \"$PROJECT\" --condition=None --quiet \\");
    s.line(
        "  --member \"serviceAccount:"
            + n.email(n.nodesAccount())
            + "\" --role roles/container.defaultNodeServiceAccount >/dev/null");
    for (String account : List.of(n.serverAccount(), n.stepsAccount(), n.nodesAccount())) {
      s.line(
          "gcloud iam service-accounts delete "
              + n.email(account)
              + " --project \"$PROJECT\" --quiet");
    }
    s.line("");
    s.line("bash \"$(dirname \"$0\")/verify-teardown.sh\"");
    return s.toString();
  }

  /** The verification: each command must print nothing. */
  public List<String[]> checks() {
    String p = " --project " + r.project();
    String prefix = n.cluster() + "-";
    List<String[]> checks = new ArrayList<>();
    checks.add(
        new String[] {
          "the cluster",
          "gcloud container clusters list"
              + p
              + " --filter 'name="
              + n.cluster()
              + "' --format 'value(name)'"
        });
    checks.add(
        new String[] {
          "service accounts",
          "gcloud iam service-accounts list"
              + p
              + " --filter 'email~^"
              + prefix
              + "(server|steps|nodes)@' --format 'value(email)'"
        });
    checks.add(
        new String[] {
          "project IAM bindings (also deleted: ones)",
          "gcloud projects get-iam-policy "
              + r.project()
              + " --flatten 'bindings[].members' --filter 'bindings.members~"
              + prefix
              + "(server|steps|nodes)@' --format 'value(bindings.role)'"
        });
    String lb =
        " --filter 'name~-"
            + PlanNames.NAMESPACE
            + "-"
            + PlanNames.SERVER_KSA
            + "-' --format 'value(name)'";
    checks.add(
        new String[] {
          "load balancer forwarding rules", "gcloud compute forwarding-rules list" + p + lb
        });
    checks.add(
        new String[] {
          "load balancer backend services", "gcloud compute backend-services list" + p + lb
        });
    checks.add(
        new String[] {
          "network endpoint groups", "gcloud compute network-endpoint-groups list" + p + lb
        });
    if (r.dnsZone() != null) {
      checks.add(
          new String[] {
            "DNS records",
            "gcloud dns record-sets list"
                + p
                + " --zone "
                + r.dnsZone()
                + " --filter 'name="
                + r.domain()
                + ". AND type=A' --format 'value(name)'"
          });
    }
    checks.add(
        new String[] {
          "addresses",
          "gcloud compute addresses list"
              + p
              + " --filter 'name="
              + n.address()
              + "' --format 'value(name)'"
        });
    checks.add(
        new String[] {
          "disks",
          "gcloud compute disks list"
              + p
              + " --filter 'name~^gke-"
              + n.cluster()
              + "- OR labels.goog-k8s-cluster-name="
              + n.cluster()
              + "' --format 'value(name)'"
        });
    checks.add(
        new String[] {
          "buckets",
          "gcloud storage buckets list"
              + p
              + " --filter 'name="
              + n.bucket()
              + "' --format 'value(name)'"
        });
    checks.add(
        new String[] {
          "HMAC keys",
          "gcloud storage hmac list"
              + p
              + " --service-account "
              + n.email(n.serverAccount())
              + " --format 'value(accessId)'"
        });
    if (r.ownsRegistry()) {
      checks.add(
          new String[] {
            "image repositories",
            "gcloud artifacts repositories list"
                + p
                + " --location "
                + r.location().region()
                + " --filter 'name~/"
                + n.registry()
                + "$' --format 'value(name)'"
          });
    }
    if (r.domain() != null) {
      checks.add(
          new String[] {
            "certificates",
            "gcloud compute ssl-certificates list"
                + p
                + " --filter 'name="
                + n.certificate()
                + "' --format 'value(name)'"
          });
    }
    if (r.cloudSql()) {
      checks.add(
          new String[] {
            "Cloud SQL instances",
            "gcloud sql instances list"
                + p
                + " --filter 'name="
                + n.sqlInstance()
                + "' --format 'value(name)'"
          });
    }
    if (!r.iapMembers().isEmpty()) {
      checks.add(
          new String[] {
            "IAP bindings",
            "gcloud iap web get-iam-policy"
                + p
                + " --flatten 'bindings[].members' --filter 'bindings.role=roles/iap.httpsResourceAccessor AND bindings.members:("
                + String.join(" ", r.iapMembers())
                + ")' --format 'value(bindings.members)'"
          });
    }
    return checks;
  }

  /** verify-teardown.sh's text: runs {@link #checks} and exits 1 naming what remains. */
  public String verifyScript() {
    ScriptText s = new ScriptText();
    s.line("#!/usr/bin/env bash");
    s.comment(
        "Proves Skiff's GKE install "
            + n.cluster()
            + " is gone: every command below must print nothing (F13).");
    s.line("set -uo pipefail");
    s.line("left=0");
    s.line(
        "check() { out=$(eval \"$2\" 2>&1); if [[ -n \"$out\" ]]; then echo \"LEFT: $1:\"; echo \"$out\" | sed 's/^/  /'; left=1; else echo \"gone: $1\"; fi; }");
    for (String[] c : checks()) {
      s.line("check '" + c[0] + "' \"" + c[1].replace("\"", "\\\"") + "\"");
    }
    s.line(
        "if (( left )); then echo \"Teardown incomplete: delete what is LEFT above.\"; exit 1; fi");
    s.line("echo \"Teardown verified: nothing of " + n.cluster() + " is left.\"");
    return s.toString();
  }
}
