package dev.skiff.pipeline.model;

/**
 * A declared input artifact of a component ({@code inputDefinitions.artifacts.<name>}).
 *
 * @param type the artifact type
 * @param isArtifactList whether the input is a list of artifacts
 * @param isOptional whether the input may be missing
 * @param description free text
 */
public record InputArtifactSpec(
    ArtifactType type, boolean isArtifactList, boolean isOptional, String description) {}
