package dev.skiff.server.cluster;

import dev.skiff.server.config.ClusterConfig;
import dev.skiff.store.Database;
import dev.skiff.store.artifact.ArtifactStoreConfig;

/**
 * Opens cluster mode for a starting server: {@link ClusterMode#open} on a real cluster; tests open
 * it over fabric8's mock API server.
 */
@FunctionalInterface
public interface ClusterOpener {
  /** Cluster mode for this configuration, not started yet. */
  ClusterMode open(ClusterConfig config, ArtifactStoreConfig artifacts, Database database);
}
