package dev.skiff.store.notebook;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The notebook repository contract on an H2 file database. */
class H2NotebookRepositoryIT extends AbstractNotebookRepositoryIT {

  @TempDir static Path home;

  @Override
  protected Database openDatabase() {
    return Database.open(DatabaseConfig.h2File(home));
  }
}
