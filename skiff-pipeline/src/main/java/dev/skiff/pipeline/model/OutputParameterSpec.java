package dev.skiff.pipeline.model;

/**
 * A declared output parameter of a component.
 *
 * @param type the declared type
 * @param description free text
 */
public record OutputParameterSpec(ParameterType type, String description) {}
