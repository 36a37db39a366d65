package dev.skiff.engine.cache;

import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.PipelineTask;

/**
 * Computes a container step's cache fingerprint from what KFP hashes (component interface, resolved
 * inputs, image, unresolved command and args), or from the task's own {@code cachingOptions
 * .cacheKey}. Pure. The engine only compares fingerprints for equality.
 */
@FunctionalInterface
public interface CacheKeys {
  /** The fingerprint (hex) of a step about to run with these inputs. */
  String fingerprint(
      PipelineTask task, ComponentSpec component, ContainerSpec container, TaskValues inputs);
}
