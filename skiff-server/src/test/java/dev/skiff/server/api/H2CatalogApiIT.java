package dev.skiff.server.api;

import dev.skiff.server.config.SkiffConfig;

/** The catalog API on the embedded H2 database. */
class H2CatalogApiIT extends AbstractCatalogApiIT {
  @Override
  protected SkiffConfig.Database database() {
    return new SkiffConfig.Database(null, null, null);
  }
}
