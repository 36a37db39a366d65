/**
 * Cluster mode: pipeline steps as pods ({@code executor}, with the in-pod {@code launcher} and the
 * {@code pod} contract between them), Kubeflow's {@code Profile} and {@code Notebook} resources
 * ({@code resource}) and the operator that reconciles them ({@code operator}), and notebook servers
 * as {@code Notebook} resources ({@code notebook}). Everything above the engine's executor and
 * notebook-launcher seams stays unaware of Kubernetes.
 */
package dev.skiff.kubernetes;
