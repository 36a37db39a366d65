/**
 * Retention: which finished runs and step logs go ({@link
 * dev.skiff.engine.retention.RetentionSweeper}, run by the server periodically and by {@code skiff
 * gc}), and deleting a run with its rows, step files and artifacts ({@link
 * dev.skiff.engine.retention.RunRemover}). Runs in progress are never touched, nor the outputs of a
 * run that a kept run reuses through the cache.
 */
package dev.skiff.engine.retention;
