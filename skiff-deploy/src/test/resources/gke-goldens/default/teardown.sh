#!/usr/bin/env bash
# Deletes Skiff's GKE install skiff in project my-proj, written by `skiff plan gke --teardown`.
# This deletes the cluster, the artifacts bucket WITH ITS OBJECTS.
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

# --- 1. Skiff's Ingress, so that GKE deletes its load balancer ---
# Deleting the cluster with the Ingress still there leaves the forwarding rules, backend services,
# health checks and network endpoint groups GKE made for it (F13); verify-teardown.sh looks for them.
step "1. Skiff's Ingress, so that GKE deletes its load balancer"
if gcloud container clusters get-credentials "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" 2>/dev/null; then
  kubectl delete ingress --all -n skiff --wait --timeout 10m
  kubectl delete service --all -n skiff --wait --timeout 5m
fi

# --- 2. Global static IP ---
step "2. Global static IP"
gcloud compute addresses delete skiff-ip --global --project "$PROJECT" --quiet

# --- 3. Artifacts bucket, its bindings and HMAC keys ---
step "3. Artifacts bucket, its bindings and HMAC keys"
for id in $(gcloud storage hmac list --project "$PROJECT" --service-account skiff-server@my-proj.iam.gserviceaccount.com --format 'value(accessId)'); do
  gcloud storage hmac update "$id" --deactivate --project "$PROJECT" >/dev/null; gcloud storage hmac delete "$id" --project "$PROJECT"
done
gcloud storage rm --recursive gs://my-proj-skiff-artifacts

# --- 4. Cluster (its node pools and boot disks go with it) ---
# Disks that Kubernetes volumes left behind are listed by verify-teardown.sh.
step "4. Cluster (its node pools and boot disks go with it)"
gcloud container clusters delete "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" --quiet

# --- 5. Artifact Registry repository ---
step "5. Artifact Registry repository"
gcloud artifacts repositories delete skiff --location "$REGION" --project "$PROJECT" --quiet

# --- 6. Service accounts, after the bindings that name them ---
step "6. Service accounts, after the bindings that name them"
gcloud projects remove-iam-policy-binding "$PROJECT" --condition=None --quiet \
  --member "serviceAccount:skiff-nodes@my-proj.iam.gserviceaccount.com" --role roles/container.defaultNodeServiceAccount >/dev/null
gcloud iam service-accounts delete skiff-server@my-proj.iam.gserviceaccount.com --project "$PROJECT" --quiet
gcloud iam service-accounts delete skiff-steps@my-proj.iam.gserviceaccount.com --project "$PROJECT" --quiet
gcloud iam service-accounts delete skiff-nodes@my-proj.iam.gserviceaccount.com --project "$PROJECT" --quiet

bash "$(dirname "$0")/verify-teardown.sh"
