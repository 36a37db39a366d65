package dev.skiff.store.identity;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The identity tables on an H2 file database. */
class H2IdentityRepositoriesIT extends AbstractIdentityRepositoriesIT {
  @TempDir static Path home;

  @Override
  protected Database openDatabase() {
    return Database.open(DatabaseConfig.h2File(home));
  }
}
