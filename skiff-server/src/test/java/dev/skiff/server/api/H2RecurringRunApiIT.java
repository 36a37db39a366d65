package dev.skiff.server.api;

import dev.skiff.server.config.SkiffConfig;

/** The recurring-run API on the embedded H2 database. */
class H2RecurringRunApiIT extends AbstractRecurringRunApiIT {
  @Override
  protected SkiffConfig.Database database() {
    return new SkiffConfig.Database(null, null, null);
  }
}
