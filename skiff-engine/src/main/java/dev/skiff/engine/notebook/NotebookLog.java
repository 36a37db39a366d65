package dev.skiff.engine.notebook;

/**
 * A piece of a notebook server's log.
 *
 * @param text the bytes read, as UTF-8
 * @param next the offset to read from next (to follow the log)
 */
public record NotebookLog(String text, long next) {}
