package dev.skiff.pipeline.model;

import dev.skiff.pipeline.json.JsonValue;

/**
 * The deprecated Vertex AI {@code customJob} executor, kept raw so that it can be reported; Skiff
 * cannot run it.
 *
 * @param customJob the job definition as written
 */
public record CustomJobSpec(JsonValue customJob) implements ExecutorSpec {}
