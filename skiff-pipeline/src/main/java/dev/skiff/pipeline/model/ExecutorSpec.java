package dev.skiff.pipeline.model;

/** One entry of {@code deploymentSpec.executors}: what runs for a component. */
public sealed interface ExecutorSpec
    permits ContainerSpec, ImporterSpec, ResolverSpec, CustomJobSpec {}
