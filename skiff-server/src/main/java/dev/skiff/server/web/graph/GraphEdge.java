package dev.skiff.server.web.graph;

/**
 * An edge between two sibling nodes: {@code to} waits for {@code from}.
 *
 * @param from the upstream node's path
 * @param to the downstream node's path
 */
public record GraphEdge(String from, String to) {}
