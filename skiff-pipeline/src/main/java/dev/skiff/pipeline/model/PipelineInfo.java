package dev.skiff.pipeline.model;

/**
 * The {@code pipelineInfo} block.
 *
 * @param name required; the pipeline context name (caching is scoped by it)
 * @param displayName optional, empty when unset
 * @param description optional, empty when unset
 */
public record PipelineInfo(String name, String displayName, String description) {}
