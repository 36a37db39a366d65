#!/usr/bin/env bash
# Proves Skiff's GKE install skiff is gone: every command below must print nothing (F13).
set -uo pipefail
left=0
check() { out=$(eval "$2" 2>&1); if [[ -n "$out" ]]; then echo "LEFT: $1:"; echo "$out" | sed 's/^/  /'; left=1; else echo "gone: $1"; fi; }
check 'the cluster' "gcloud container clusters list --project my-proj --filter 'name=skiff' --format 'value(name)'"
check 'service accounts' "gcloud iam service-accounts list --project my-proj --filter 'email~^skiff-(server|steps|nodes)@' --format 'value(email)'"
check 'project IAM bindings (also deleted: ones)' "gcloud projects get-iam-policy my-proj --flatten 'bindings[].members' --filter 'bindings.members~skiff-(server|steps|nodes)@' --format 'value(bindings.role)'"
check 'load balancer forwarding rules' "gcloud compute forwarding-rules list --project my-proj --filter 'name~-skiff-skiff-server-' --format 'value(name)'"
check 'load balancer backend services' "gcloud compute backend-services list --project my-proj --filter 'name~-skiff-skiff-server-' --format 'value(name)'"
check 'network endpoint groups' "gcloud compute network-endpoint-groups list --project my-proj --filter 'name~-skiff-skiff-server-' --format 'value(name)'"
check 'addresses' "gcloud compute addresses list --project my-proj --filter 'name=skiff-ip' --format 'value(name)'"
check 'disks' "gcloud compute disks list --project my-proj --filter 'name~^gke-skiff- OR labels.goog-k8s-cluster-name=skiff' --format 'value(name)'"
check 'buckets' "gcloud storage buckets list --project my-proj --filter 'name=my-proj-skiff-artifacts' --format 'value(name)'"
check 'HMAC keys' "gcloud storage hmac list --project my-proj --service-account skiff-server@my-proj.iam.gserviceaccount.com --format 'value(accessId)'"
check 'image repositories' "gcloud artifacts repositories list --project my-proj --location us-central1 --filter 'name~/skiff$' --format 'value(name)'"
if (( left )); then echo "Teardown incomplete: delete what is LEFT above."; exit 1; fi
echo "Teardown verified: nothing of skiff is left."
