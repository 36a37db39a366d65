/**
 * Skiff's operator: the java-operator-sdk {@code Operator} running inside the server (leader
 * election through a Lease, so several replicas can run), the reconcilers it registers, and the
 * CRDs of the custom resources they reconcile.
 */
package dev.skiff.kubernetes.operator;
