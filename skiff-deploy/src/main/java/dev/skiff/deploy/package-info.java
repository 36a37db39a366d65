/**
 * Installing Skiff on a cluster: {@code gke} plans a GKE project (a gcloud script, the matching
 * {@code skiff.yaml} and a preflight over the project's facts) without touching the cloud; {@code
 * values} reads a cluster install's values file and {@code render} turns it into every manifest.
 */
package dev.skiff.deploy;
