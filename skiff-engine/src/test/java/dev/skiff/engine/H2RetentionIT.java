package dev.skiff.engine;

import dev.skiff.store.DatabaseConfig;

/** Retention on the embedded H2 file of the test's home. */
class H2RetentionIT extends AbstractRetentionIT {
  @Override
  protected DatabaseConfig database() {
    return DatabaseConfig.h2File(home);
  }
}
