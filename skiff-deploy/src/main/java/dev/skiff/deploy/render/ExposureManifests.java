package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Part of {@link InstallManifests} (being filled in). */
final class ExposureManifests {
  private ExposureManifests() {}

  static List<HasMetadata> of(DeployValues v) {
    return List.of();
  }
}
