package dev.skiff.engine.notebook;

import java.time.Instant;

/**
 * Something that happened to a notebook server, as Kubernetes events are shown in Kubeflow.
 *
 * @param at when
 * @param type {@code Normal} or {@code Warning}
 * @param reason one word, e.g. {@code Created}, {@code Waiting}, {@code Started}, {@code Culled}
 * @param message one line for people
 */
public record NotebookEvent(Instant at, String type, String reason, String message) {}
