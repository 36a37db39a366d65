package dev.skiff.pipeline.model;

import dev.skiff.pipeline.json.JsonValue;

/**
 * A declared output artifact of a component.
 *
 * @param type the artifact type
 * @param isArtifactList whether the output is a list (e.g. {@code dsl.Collected})
 * @param metadata static metadata declared for the artifact; empty when unset
 * @param description free text
 */
public record OutputArtifactSpec(
    ArtifactType type, boolean isArtifactList, JsonValue.Obj metadata, String description) {}
