/**
 * The Notebook reconciler: turns {@code kubeflow.org/v1} Notebooks into a StatefulSet and a Service
 * as Kubeflow's notebook controller does, and mirrors the pod's state into their status.
 */
package dev.skiff.kubernetes.operator.notebook;
