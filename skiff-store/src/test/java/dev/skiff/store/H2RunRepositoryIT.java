package dev.skiff.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The run repository contract on an H2 file database. */
class H2RunRepositoryIT extends AbstractRunRepositoryIT {

  // Static: JUnit fills instance @TempDir fields per test method, after @BeforeAll has run.
  @TempDir static Path home;

  @Override
  protected Database openDatabase() {
    return Database.open(DatabaseConfig.h2File(home));
  }
}
