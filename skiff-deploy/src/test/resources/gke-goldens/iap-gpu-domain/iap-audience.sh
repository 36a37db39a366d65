#!/usr/bin/env bash
# Puts IAP's signed-header audience into skiff.yaml once Skiff's Ingress has made GKE create the
# backend service for skiff/skiff-server. Written by `skiff plan gke`; run it after deploying Skiff.
set -euo pipefail
PROJECT=my-proj
dir=$(dirname "$0")
number=$(gcloud projects describe "$PROJECT" --format 'value(projectNumber)')
id=$(gcloud compute backend-services list --global --project "$PROJECT" \
  --filter 'name~-skiff-skiff-server-' --format 'value(id)' | head -n 1)
if [[ -z "$id" ]]; then
  echo "iap-audience.sh: no backend service for skiff/skiff-server yet: deploy Skiff, wait for its Ingress, retry" >&2
  exit 1
fi
sed -i -E "s#/projects/[A-Z0-9_]+/global/backendServices/[A-Z0-9_]+#/projects/$number/global/backendServices/$id#" "$dir/skiff.yaml"
echo "auth.iap.audience: /projects/$number/global/backendServices/$id (restart Skiff's server to use it)"
