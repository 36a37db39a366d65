/**
 * The KFP v2 pipeline model's entry points: {@link dev.skiff.pipeline.PipelineParser} turns IR text
 * into a validated {@link dev.skiff.pipeline.Pipeline}, or a {@link
 * dev.skiff.pipeline.PipelineException} listing each {@link dev.skiff.pipeline.Problem} with its
 * line. The model itself is in {@code model}, reading in {@code parse}, validation in {@code
 * validate}. No I/O beyond reading the given text or file.
 */
package dev.skiff.pipeline;
