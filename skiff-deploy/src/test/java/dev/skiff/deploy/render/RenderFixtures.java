package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import java.nio.file.Path;

/** The values files under {@code src/test/resources/render-values/}. */
final class RenderFixtures {
  static final Path VALUES = Path.of("src/test/resources/render-values");

  private RenderFixtures() {}

  static DeployValues values(String name) {
    return DeployValues.read(VALUES.resolve(name + ".yaml"));
  }
}
