package dev.skiff.pipeline.model;

/**
 * A component run by one executor.
 *
 * @param executorLabel the key into {@code deploymentSpec.executors}
 */
public record ExecutorRef(String executorLabel) implements ComponentImpl {}
