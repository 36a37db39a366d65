package dev.skiff.engine.recurring;

import dev.skiff.store.DatabaseConfig;

/** Recurring runs on the embedded H2 file of the test's home. */
class H2RecurringRunsIT extends AbstractRecurringRunsIT {
  @Override
  protected DatabaseConfig database() {
    return DatabaseConfig.h2File(home);
  }
}
