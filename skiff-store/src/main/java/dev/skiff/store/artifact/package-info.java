/**
 * Artifact storage: the {@link dev.skiff.store.artifact.ArtifactStore} SPI and its implementations.
 */
package dev.skiff.store.artifact;
