/**
 * The {@code Profile} reconciler (Kubeflow's profile controller: namespace, RBAC, quota, network
 * policy, workload identity) and {@code ProfileSync}, which keeps one {@code Profile} per Skiff
 * profile.
 */
package dev.skiff.kubernetes.operator.profile;
