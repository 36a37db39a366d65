package dev.skiff.engine.cache;

import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CacheKeys} by KFP's rules ({@link CacheKey}). An input artifact's identity is its URI:
 * Skiff has no MLMD ids, and a URI names one artifact of one task of one run, so, as in KFP, a
 * downstream step hits only when its upstream reused the same artifact.
 */
public final class KfpCacheKeys implements CacheKeys {
  @Override
  public String fingerprint(
      PipelineTask task, ComponentSpec component, ContainerSpec container, TaskValues inputs) {
    Map<String, List<String>> artifactIds = new LinkedHashMap<>();
    inputs
        .artifacts()
        .forEach(
            (name, list) -> {
              List<String> ids = new ArrayList<>();
              for (RuntimeArtifact a : list) {
                ids.add(a.uri());
              }
              artifactIds.put(name, ids);
            });
    return CacheKey.fingerprint(
        task.cachingOptions(),
        task.componentRef(),
        component,
        container,
        inputs.parameters(),
        artifactIds);
  }
}
