/**
 * Notebook servers on a cluster: the {@link dev.skiff.engine.executor.notebook.NotebookLauncher}
 * that runs each server as a {@code kubeflow.org/v1} Notebook resource in its profile's namespace.
 */
package dev.skiff.kubernetes.notebook;
