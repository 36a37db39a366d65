package dev.skiff.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The recurring-run repository contract on an H2 file database. */
class H2RecurringRunRepositoryIT extends AbstractRecurringRunRepositoryIT {

  // Static: JUnit fills instance @TempDir fields per test method, after @BeforeAll has run.
  @TempDir static Path home;

  @Override
  protected Database openDatabase() {
    return Database.open(DatabaseConfig.h2File(home));
  }
}
