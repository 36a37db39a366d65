package dev.skiff.deploy.gke;

/**
 * install.sh's Cloud SQL for PostgreSQL steps: the smallest dedicated-core instance (1 vCPU, 3.75
 * GB; shared-core tiers have no SLA), Skiff's database and user, the password in a Kubernetes
 * Secret, and {@code roles/cloudsql.client} for the server's account. Skiff reaches it through the
 * Cloud SQL Auth Proxy beside the server (127.0.0.1:5432), which authenticates with Workload
 * Identity: no public address is opened to the database.
 */
final class CloudSqlSteps {
  /** The instance's machine: 1 vCPU and 3.75 GB, Enterprise edition. */
  static final String TIER = "db-custom-1-3840";

  private final GkePlanRequest r;
  private final PlanNames n;

  CloudSqlSteps(GkePlanRequest request, PlanNames names) {
    this.r = request;
    this.n = names;
  }

  /** The proxy's {@code --instances} value, PROJECT:REGION:INSTANCE. */
  static String connectionName(GkePlanRequest request, PlanNames names) {
    return request.project() + ":" + request.location().region() + ":" + names.sqlInstance();
  }

  void append(ScriptText s) {
    s.step(
        "Cloud SQL for PostgreSQL " + n.sqlInstance() + " (" + TIER + ")",
        "Creating an instance takes several minutes. Skiff connects through the Cloud SQL Auth Proxy",
        "(connection name "
            + connectionName(r, n)
            + ") as "
            + n.serverAccount()
            + ", which gets roles/cloudsql.client.");
    s.line(
        "exists gcloud sql instances describe " + n.sqlInstance() + " --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud sql instances create "
            + n.sqlInstance()
            + " --project \"$PROJECT\" --region \"$REGION\" \\");
    s.line("    --database-version POSTGRES_16 --edition enterprise --tier " + TIER + " \\");
    s.line(
        "    --storage-type SSD --storage-size 10 --storage-auto-increase --backup-start-time 03:00");
    s.line(
        "exists gcloud sql databases describe skiff --instance "
            + n.sqlInstance()
            + " --project \"$PROJECT\" \\");
    s.line(
        "  || gcloud sql databases create skiff --instance "
            + n.sqlInstance()
            + " --project \"$PROJECT\"");
    s.line(
        "if ! exists kubectl get secret "
            + PlanNames.DATABASE_SECRET
            + " -n "
            + PlanNames.NAMESPACE
            + "; then");
    s.line("  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')");
    s.line(
        "  gcloud sql users create skiff --instance "
            + n.sqlInstance()
            + " --project \"$PROJECT\" --password \"$password\" 2>/dev/null \\");
    s.line(
        "    || gcloud sql users set-password skiff --instance "
            + n.sqlInstance()
            + " --project \"$PROJECT\" --password \"$password\"");
    s.line(
        "  kubectl create secret generic "
            + PlanNames.DATABASE_SECRET
            + " -n "
            + PlanNames.NAMESPACE
            + " --from-literal SKIFF_DB_PASSWORD=\"$password\"");
    s.line("fi");
    s.line("gcloud projects add-iam-policy-binding \"$PROJECT\" --condition=None --quiet \\");
    s.line(
        "  --member \"serviceAccount:"
            + n.email(n.serverAccount())
            + "\" --role roles/cloudsql.client >/dev/null");
  }
}
