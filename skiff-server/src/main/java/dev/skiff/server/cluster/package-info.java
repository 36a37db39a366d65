/**
 * Cluster mode's wiring: the Kubernetes step executor, the operator (Profile and Notebook
 * reconcilers) and the notebook launcher, built from {@code kubernetes.*} and kept in step with
 * Skiff's profiles. The only place in the server that knows Kubernetes.
 */
package dev.skiff.server.cluster;
