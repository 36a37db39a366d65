#!/usr/bin/env bash
# Deletes Skiff's GKE install skiff in project my-proj, written by `skiff plan gke --teardown`.
# This deletes the cluster, the artifacts bucket WITH ITS OBJECTS and the Cloud SQL database.
# Set SKIFF_TEARDOWN_CONFIRM=my-proj to run it without the prompt. It ends with verify-teardown.sh.
set -uo pipefail
PROJECT=my-proj
REGION=us-central1
LOCATION=(--zone us-central1-a)
CLUSTER=skiff
step() { printf '\n==> %s\n' "$*"; }
if [[ "${SKIFF_TEARDOWN_CONFIRM:-}" != "$PROJECT" ]]; then
  read -r -p "Type the project id ($PROJECT) to delete Skiff's install: " answer
  [[ "$answer" == "$PROJECT" ]] || { echo "Nothing deleted."; exit 1; }
fi

# --- 1. IAP access bindings ---
step "1. IAP access bindings"
gcloud iap web remove-iam-policy-binding --project "$PROJECT" --role roles/iap.httpsResourceAccessor --member user:a@example.com >/dev/null
gcloud iap web remove-iam-policy-binding --project "$PROJECT" --role roles/iap.httpsResourceAccessor --member group:ml@example.com >/dev/null

# --- 2. DNS record and certificate ---
step "2. DNS record and certificate"
gcloud dns record-sets delete skiff.example.com. --type A --zone example-com --project "$PROJECT"
gcloud compute ssl-certificates delete skiff-cert --global --project "$PROJECT" --quiet

# --- 3. Global static IP ---
step "3. Global static IP"
gcloud compute addresses delete skiff-ip --global --project "$PROJECT" --quiet

# --- 4. Cloud SQL instance (and its database) ---
step "4. Cloud SQL instance (and its database)"
gcloud projects remove-iam-policy-binding "$PROJECT" --condition=None --quiet \
  --member "serviceAccount:skiff-server@my-proj.iam.gserviceaccount.com" --role roles/cloudsql.client >/dev/null
gcloud sql instances delete skiff-db --project "$PROJECT" --quiet

# --- 5. Artifacts bucket, its bindings and HMAC keys ---
step "5. Artifacts bucket, its bindings and HMAC keys"
for id in $(gcloud storage hmac list --project "$PROJECT" --service-account skiff-server@my-proj.iam.gserviceaccount.com --format 'value(accessId)'); do
  gcloud storage hmac update "$id" --deactivate --project "$PROJECT" >/dev/null; gcloud storage hmac delete "$id" --project "$PROJECT"
done
gcloud storage rm --recursive gs://my-proj-skiff-artifacts

# --- 6. Cluster (its node pools and boot disks go with it) ---
# Disks that Kubernetes volumes left behind are listed by verify-teardown.sh.
step "6. Cluster (its node pools and boot disks go with it)"
gcloud container clusters delete "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" --quiet

# --- 7. Artifact Registry repository ---
step "7. Artifact Registry repository"
gcloud artifacts repositories delete skiff --location "$REGION" --project "$PROJECT" --quiet

# --- 8. Service accounts, after the bindings that name them ---
step "8. Service accounts, after the bindings that name them"
gcloud projects remove-iam-policy-binding "$PROJECT" --condition=None --quiet \
  --member "serviceAccount:skiff-nodes@my-proj.iam.gserviceaccount.com" --role roles/container.defaultNodeServiceAccount >/dev/null
gcloud iam service-accounts delete skiff-server@my-proj.iam.gserviceaccount.com --project "$PROJECT" --quiet
gcloud iam service-accounts delete skiff-steps@my-proj.iam.gserviceaccount.com --project "$PROJECT" --quiet
gcloud iam service-accounts delete skiff-nodes@my-proj.iam.gserviceaccount.com --project "$PROJECT" --quiet

bash "$(dirname "$0")/verify-teardown.sh"
