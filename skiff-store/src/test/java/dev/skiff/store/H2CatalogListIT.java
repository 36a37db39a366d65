package dev.skiff.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Listing in SQL on an H2 file database. */
class H2CatalogListIT extends AbstractCatalogListIT {

  // Static: JUnit fills instance @TempDir fields per test method, after @BeforeAll has run.
  @TempDir static Path home;

  @Override
  protected Database openDatabase() {
    return Database.open(DatabaseConfig.h2File(home));
  }
}
