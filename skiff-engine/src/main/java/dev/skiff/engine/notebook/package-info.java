/**
 * Notebook servers: Jupyter (or another configured server) per profile, with a lifecycle that does
 * not depend on where the server runs. {@link dev.skiff.engine.notebook.Notebooks} is what the API,
 * the CLI and the dashboard call; a {@link dev.skiff.engine.executor.notebook.NotebookLauncher}
 * starts, finds again and stops the servers (local processes now, pods in cluster mode). Resources
 * go through the same profile quota ledger as pipeline steps.
 */
package dev.skiff.engine.notebook;
