package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Part of {@link InstallManifests} (being filled in). */
final class PostgresManifests {
  private PostgresManifests() {}

  static List<HasMetadata> of(DeployValues v, DeployValues.InClusterPostgres p) {
    return List.of();
  }
}
