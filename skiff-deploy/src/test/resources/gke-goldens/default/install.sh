#!/usr/bin/env bash
# Skiff on GKE: install plan written by `skiff plan gke` (Skiff 0.1.0).
# Read it before running it: `bash install.sh`. Writing it touched nothing in the project.
# Project my-proj: zonal cluster skiff in us-central1-a.
# CPU pool: 2 × e2-standard-4 (8 vCPUs).
# At most 2 in-use external addresses (one per node) + 1 global static IP; 100 GB of boot disks.
# Every step that creates something first looks for it, so the script can be re-run.
set -euo pipefail

PROJECT=my-proj
REGION=us-central1
LOCATION=(--zone us-central1-a)
CLUSTER=skiff

step() { printf '\n==> %s\n' "$*"; }
exists() { "$@" >/dev/null 2>&1; }

# --- 1. Enable the APIs ---
# Enabling an API that is already enabled changes nothing.
step "1. Enable the APIs"
gcloud services enable container.googleapis.com compute.googleapis.com iam.googleapis.com iamcredentials.googleapis.com cloudresourcemanager.googleapis.com serviceusage.googleapis.com storage.googleapis.com artifactregistry.googleapis.com --project "$PROJECT"

# --- 2. Google service accounts ---
# skiff-nodes: the nodes (logs, metrics, image pulls) instead of the Compute Engine default account, which has Editor.
# skiff-server: Skiff's server (artifacts bucket), through Workload Identity.
# skiff-steps: pipeline steps' own Google API calls (the artifacts bucket only), through Workload Identity.
step "2. Google service accounts"
exists gcloud iam service-accounts describe skiff-nodes@"$PROJECT".iam.gserviceaccount.com --project "$PROJECT" \
  || gcloud iam service-accounts create skiff-nodes --display-name "Skiff GKE nodes" --project "$PROJECT"
exists gcloud iam service-accounts describe skiff-server@"$PROJECT".iam.gserviceaccount.com --project "$PROJECT" \
  || gcloud iam service-accounts create skiff-server --display-name "Skiff server" --project "$PROJECT"
exists gcloud iam service-accounts describe skiff-steps@"$PROJECT".iam.gserviceaccount.com --project "$PROJECT" \
  || gcloud iam service-accounts create skiff-steps --display-name "Skiff pipeline steps" --project "$PROJECT"
gcloud projects add-iam-policy-binding "$PROJECT" --condition=None --quiet \
  --member "serviceAccount:skiff-nodes@my-proj.iam.gserviceaccount.com" --role roles/container.defaultNodeServiceAccount >/dev/null

# --- 3. Artifact Registry repository for Skiff's image ---
# The nodes may read it; nothing else.
step "3. Artifact Registry repository for Skiff's image"
exists gcloud artifacts repositories describe skiff --location "$REGION" --project "$PROJECT" \
  || gcloud artifacts repositories create skiff --repository-format docker --location "$REGION" --project "$PROJECT"
gcloud artifacts repositories add-iam-policy-binding skiff --location "$REGION" --project "$PROJECT" \
  --member "serviceAccount:skiff-nodes@my-proj.iam.gserviceaccount.com" --role roles/artifactregistry.reader >/dev/null

# --- 4. Zonal cluster with Workload Identity and the CPU pool ---
# --workload-pool creates the project's pool my-proj.svc.id.goog; every Workload Identity binding below
# comes after this step, because a binding to a pool that does not exist yet fails (F3).
# The cluster's default-pool is the CPU pool: 2 × e2-standard-4.
step "4. Zonal cluster with Workload Identity and the CPU pool"
exists gcloud container clusters describe "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" \
  || gcloud container clusters create "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" \
    --release-channel regular --enable-ip-alias \
    --workload-pool "$PROJECT.svc.id.goog" \
    --machine-type e2-standard-4 --num-nodes 2 \
    --disk-type pd-balanced --disk-size 50 \
    --service-account skiff-nodes@my-proj.iam.gserviceaccount.com \
    --workload-metadata GKE_METADATA --enable-shielded-nodes
gcloud container clusters get-credentials "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT"
kubectl create namespace skiff --dry-run=client -o yaml | kubectl apply -f -

# --- 5. Artifacts bucket gs://my-proj-skiff-artifacts in us-central1 ---
# Uniform access: permissions come from IAM on the bucket only. The server and the steps may read and
# write its objects (storage.objectAdmin on this bucket, nothing project-wide). Skiff reaches it through
# GCS's S3-compatible endpoint with an HMAC key of the server's account, kept in the Secret skiff-artifacts.
step "5. Artifacts bucket gs://my-proj-skiff-artifacts in us-central1"
exists gcloud storage buckets describe gs://my-proj-skiff-artifacts --project "$PROJECT" \
  || gcloud storage buckets create gs://my-proj-skiff-artifacts --project "$PROJECT" --location "$REGION" --uniform-bucket-level-access
gcloud storage buckets add-iam-policy-binding gs://my-proj-skiff-artifacts \
  --member "serviceAccount:skiff-server@my-proj.iam.gserviceaccount.com" --role roles/storage.objectAdmin >/dev/null
gcloud storage buckets add-iam-policy-binding gs://my-proj-skiff-artifacts \
  --member "serviceAccount:skiff-steps@my-proj.iam.gserviceaccount.com" --role roles/storage.objectAdmin >/dev/null
if ! exists kubectl get secret skiff-artifacts -n skiff; then
  key=$(gcloud storage hmac create skiff-server@my-proj.iam.gserviceaccount.com --project "$PROJECT" --format 'value(metadata.accessId,secret)')
  kubectl create secret generic skiff-artifacts -n skiff \
    --from-literal AWS_ACCESS_KEY_ID="$(cut -f1 <<<"$key")" --from-literal AWS_SECRET_ACCESS_KEY="$(cut -f2 <<<"$key")"
fi

# --- 6. Workload Identity bindings ---
# The Kubernetes service account skiff/skiff-server acts as skiff-server.
# Skiff's deploy creates that Kubernetes account with the annotation iam.gke.io/gcp-service-account.
# Steps run in each profile's namespace as default-editor: binding it to skiff-steps is the operator's
# job when a profile is created (printed below), because profiles come and go after the install.
step "6. Workload Identity bindings"
gcloud iam service-accounts add-iam-policy-binding skiff-server@my-proj.iam.gserviceaccount.com --project "$PROJECT" \
  --role roles/iam.workloadIdentityUser --member "serviceAccount:$PROJECT.svc.id.goog[skiff/skiff-server]" >/dev/null
echo "For each profile namespace NS, let its steps act as skiff-steps:"
echo "  gcloud iam service-accounts add-iam-policy-binding skiff-steps@my-proj.iam.gserviceaccount.com --project $PROJECT \\"
echo "    --role roles/iam.workloadIdentityUser --member 'serviceAccount:$PROJECT.svc.id.goog[NS/default-editor]'"
echo "  kubectl annotate serviceaccount default-editor -n NS iam.gke.io/gcp-service-account=skiff-steps@my-proj.iam.gserviceaccount.com"

# --- 7. Global static IP skiff-ip ---
# The Ingress's load balancer keeps this address across redeploys.
step "7. Global static IP skiff-ip"
exists gcloud compute addresses describe skiff-ip --global --project "$PROJECT" \
  || gcloud compute addresses create skiff-ip --global --project "$PROJECT"
IP=$(gcloud compute addresses describe skiff-ip --global --project "$PROJECT" --format 'value(address)')
echo "Static IP: $IP"

# --- done ---
step "done"
echo "The infrastructure is ready. Next: push Skiff's image to us-central1-docker.pkg.dev/my-proj/skiff/skiff:0.1.0,"
echo "then install Skiff with the skiff.yaml written next to this script."
