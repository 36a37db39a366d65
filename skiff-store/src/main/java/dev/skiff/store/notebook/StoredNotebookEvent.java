package dev.skiff.store.notebook;

import java.time.Instant;

/**
 * One event of a notebook.
 *
 * @param at when
 * @param type {@code Normal} or {@code Warning}
 * @param reason one word, e.g. {@code Started}
 * @param message one line for people
 */
public record StoredNotebookEvent(Instant at, String type, String reason, String message) {}
