package dev.skiff.store;

import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** {@link SettingRepository} over JDBI. */
public final class JdbiSettingRepository implements SettingRepository {
  private final Jdbi jdbi;

  public JdbiSettingRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Optional<String> get(String name) {
    try {
      return jdbi.withHandle(
          h ->
              h.createQuery("SELECT text_value FROM setting WHERE name = :name")
                  .bind("name", name)
                  .mapTo(String.class)
                  .findOne());
    } catch (JdbiException e) {
      throw new StoreException("cannot read setting " + name + ": " + StoreErrors.reason(e), e);
    }
  }

  @Override
  public boolean putIfAbsent(String name, String value) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate("INSERT INTO setting (name, text_value) VALUES (:name, :value)")
                  .bind("name", name)
                  .bind("value", value)
                  .execute());
      return true;
    } catch (JdbiException e) {
      if (StoreErrors.isUniqueViolation(e)) {
        return false;
      }
      throw new StoreException("cannot write setting " + name + ": " + StoreErrors.reason(e), e);
    }
  }
}
