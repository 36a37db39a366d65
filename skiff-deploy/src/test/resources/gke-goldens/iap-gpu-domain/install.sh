#!/usr/bin/env bash
# Skiff on GKE: install plan written by `skiff plan gke` (Skiff 0.1.0).
# Read it before running it: `bash install.sh`. Writing it touched nothing in the project.
# Project my-proj: zonal cluster skiff in us-central1-a.
# CPU pool: 2 × e2-standard-4 (8 vCPUs).
# GPU pool: 0 to 2 × n1-standard-4 with 1 × nvidia-tesla-t4 each (up to 2 GPUs, 8 vCPUs).
# At most 4 in-use external addresses (one per node) + 1 global static IP; 300 GB of boot disks.
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
gcloud services enable container.googleapis.com compute.googleapis.com iam.googleapis.com iamcredentials.googleapis.com cloudresourcemanager.googleapis.com serviceusage.googleapis.com storage.googleapis.com artifactregistry.googleapis.com iap.googleapis.com dns.googleapis.com sqladmin.googleapis.com --project "$PROJECT"

# --- 2. Google service accounts ---
# skiff-nodes: the nodes (logs, metrics, image pulls) instead of the Compute Engine default account, which has Editor.
# skiff-server: Skiff's server (artifacts bucket, Cloud SQL), through Workload Identity.
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

# --- 5. GPU pool: 1 × nvidia-tesla-t4 per node, 0 to 2 nodes ---
# gpu-driver-version=default makes GKE install the NVIDIA driver: no driver DaemonSet to apply by hand (F10).
# It scales from zero, so it costs nothing until a step or notebook asks for a GPU; GKE taints its
# nodes nvidia.com/gpu:NoSchedule and adds the toleration to pods that request nvidia.com/gpu.
step "5. GPU pool: 1 × nvidia-tesla-t4 per node, 0 to 2 nodes"
exists gcloud container node-pools describe gpu --cluster "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" \
  || gcloud container node-pools create gpu --cluster "$CLUSTER" "${LOCATION[@]}" --project "$PROJECT" \
    --machine-type n1-standard-4 \
    --accelerator type=nvidia-tesla-t4,count=1,gpu-driver-version=default \
    --enable-autoscaling --num-nodes 0 --min-nodes 0 --max-nodes 2 \
    --disk-type pd-balanced --disk-size 100 \
    --service-account skiff-nodes@my-proj.iam.gserviceaccount.com --workload-metadata GKE_METADATA

# --- 6. Artifacts bucket gs://my-proj-skiff-artifacts in us-central1 ---
# Uniform access: permissions come from IAM on the bucket only. The server and the steps may read and
# write its objects (storage.objectAdmin on this bucket, nothing project-wide). Skiff reaches it through
# GCS's S3-compatible endpoint with an HMAC key of the server's account, kept in the Secret skiff-artifacts.
step "6. Artifacts bucket gs://my-proj-skiff-artifacts in us-central1"
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

# --- 7. Workload Identity bindings ---
# The Kubernetes service account skiff/skiff-server acts as skiff-server.
# Skiff's deploy creates that Kubernetes account with the annotation iam.gke.io/gcp-service-account.
# Steps run in each profile's namespace as default-editor: binding it to skiff-steps is the operator's
# job when a profile is created (printed below), because profiles come and go after the install.
step "7. Workload Identity bindings"
gcloud iam service-accounts add-iam-policy-binding skiff-server@my-proj.iam.gserviceaccount.com --project "$PROJECT" \
  --role roles/iam.workloadIdentityUser --member "serviceAccount:$PROJECT.svc.id.goog[skiff/skiff-server]" >/dev/null
echo "For each profile namespace NS, let its steps act as skiff-steps:"
echo "  gcloud iam service-accounts add-iam-policy-binding skiff-steps@my-proj.iam.gserviceaccount.com --project $PROJECT \\"
echo "    --role roles/iam.workloadIdentityUser --member 'serviceAccount:$PROJECT.svc.id.goog[NS/default-editor]'"
echo "  kubectl annotate serviceaccount default-editor -n NS iam.gke.io/gcp-service-account=skiff-steps@my-proj.iam.gserviceaccount.com"

# --- 8. Cloud SQL for PostgreSQL skiff-db (db-custom-1-3840) ---
# Creating an instance takes several minutes. Skiff connects through the Cloud SQL Auth Proxy
# (connection name my-proj:us-central1:skiff-db) as skiff-server, which gets roles/cloudsql.client.
step "8. Cloud SQL for PostgreSQL skiff-db (db-custom-1-3840)"
exists gcloud sql instances describe skiff-db --project "$PROJECT" \
  || gcloud sql instances create skiff-db --project "$PROJECT" --region "$REGION" \
    --database-version POSTGRES_16 --edition enterprise --tier db-custom-1-3840 \
    --storage-type SSD --storage-size 10 --storage-auto-increase --backup-start-time 03:00
exists gcloud sql databases describe skiff --instance skiff-db --project "$PROJECT" \
  || gcloud sql databases create skiff --instance skiff-db --project "$PROJECT"
if ! exists kubectl get secret skiff-database -n skiff; then
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  gcloud sql users create skiff --instance skiff-db --project "$PROJECT" --password "$password" 2>/dev/null \
    || gcloud sql users set-password skiff --instance skiff-db --project "$PROJECT" --password "$password"
  kubectl create secret generic skiff-database -n skiff --from-literal SKIFF_DB_PASSWORD="$password"
fi
gcloud projects add-iam-policy-binding "$PROJECT" --condition=None --quiet \
  --member "serviceAccount:skiff-server@my-proj.iam.gserviceaccount.com" --role roles/cloudsql.client >/dev/null

# --- 9. Global static IP skiff-ip ---
# The Ingress's load balancer keeps this address across redeploys.
step "9. Global static IP skiff-ip"
exists gcloud compute addresses describe skiff-ip --global --project "$PROJECT" \
  || gcloud compute addresses create skiff-ip --global --project "$PROJECT"
IP=$(gcloud compute addresses describe skiff-ip --global --project "$PROJECT" --format 'value(address)')
echo "Static IP: $IP"

# --- 10. Certificate and DNS for skiff.example.com ---
# A Google-managed certificate (the Ingress names it in ingress.gcp.kubernetes.io/pre-shared-cert);
# Google provisions it once skiff.example.com resolves to the static IP, which can take up to an hour.
step "10. Certificate and DNS for skiff.example.com"
exists gcloud compute ssl-certificates describe skiff-cert --global --project "$PROJECT" \
  || gcloud compute ssl-certificates create skiff-cert --domains skiff.example.com --global --project "$PROJECT"
exists gcloud dns record-sets describe skiff.example.com. --type A --zone example-com --project "$PROJECT" \
  || gcloud dns record-sets create skiff.example.com. --type A --ttl 300 --rrdatas "$IP" --zone example-com --project "$PROJECT"

# --- 11. Identity-Aware Proxy ---
# MANUAL: the OAuth consent screen cannot be created by a script any more (Google shut the IAP OAuth
# Admin API down, F15). IAP then uses a Google-managed OAuth client, which admits accounts of your
# organization; for users outside it, create an OAuth client (web application) by hand and put its id and
# secret in a Secret named in the BackendConfig's iap.oauthclientCredentials.secretName.
step "11. Identity-Aware Proxy"
cat <<'MANUAL'
MANUAL STEP: configure the OAuth consent screen (once per project), then press Enter:
  https://console.cloud.google.com/apis/credentials/consent?project=my-proj
  User type Internal (your organization) or External; app name Skiff; a support e-mail.
MANUAL
[[ -t 0 ]] && read -r _
kubectl apply -f "$(dirname "$0")/backendconfig.yaml"
gcloud iap web add-iam-policy-binding --project "$PROJECT" --role roles/iap.httpsResourceAccessor \
  --member user:a@example.com >/dev/null
gcloud iap web add-iam-policy-binding --project "$PROJECT" --role roles/iap.httpsResourceAccessor \
  --member group:ml@example.com >/dev/null
echo "After Skiff is deployed, run iap-audience.sh to put IAP's audience into skiff.yaml."

# --- done ---
step "done"
echo "The infrastructure is ready. Next: push Skiff's image to us-central1-docker.pkg.dev/my-proj/skiff/skiff:0.1.0,"
echo "then install Skiff with the skiff.yaml written next to this script."
