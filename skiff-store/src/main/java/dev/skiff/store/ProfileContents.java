package dev.skiff.store;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * What a profile holds, for deleting the profile: its runs are listed (the engine deletes each,
 * with files and artifacts), and its catalog rows (schedules, experiments, pipelines with their
 * versions, tokens scoped to it, notebook rows with their events) go in one transaction with the
 * profile itself. Notebook servers must be stopped first (the notebook service does).
 */
public final class ProfileContents {
  private final Jdbi jdbi;

  /** Over {@code jdbi}. */
  public ProfileContents(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** The ids of every run of the profile. */
  public List<String> runIds(String profile) {
    try {
      return jdbi.withHandle(
          h ->
              h.createQuery("SELECT id FROM run WHERE profile = :p")
                  .bind("p", profile)
                  .mapTo(String.class)
                  .list());
    } catch (JdbiException e) {
      throw new StoreException(
          "cannot list the runs of " + profile + ": " + StoreErrors.reason(e), e);
    }
  }

  /**
   * Deletes the profile's schedules, experiments, pipelines (with versions), members, tokens scoped
   * to it, and the profile; its runs must be gone already.
   *
   * @return whether the profile existed
   */
  public boolean deleteProfile(String profile) {
    try {
      return jdbi.inTransaction(
          h -> {
            h.createUpdate("DELETE FROM notebook_event WHERE profile = :p")
                .bind("p", profile)
                .execute();
            h.createUpdate("DELETE FROM notebook WHERE profile = :p").bind("p", profile).execute();
            h.createUpdate("DELETE FROM recurring_run WHERE profile = :p")
                .bind("p", profile)
                .execute();
            h.createUpdate("DELETE FROM experiment WHERE profile = :p")
                .bind("p", profile)
                .execute();
            h.createUpdate("DELETE FROM api_token WHERE profile = :p").bind("p", profile).execute();
            h.createUpdate("UPDATE app_user SET default_profile = '' WHERE default_profile = :p")
                .bind("p", profile)
                .execute();
            // pipelines (and their versions) and members go with the profile (foreign keys)
            return h.createUpdate("DELETE FROM profile WHERE name = :p")
                    .bind("p", profile)
                    .execute()
                > 0;
          });
    } catch (JdbiException e) {
      throw new StoreException(
          "cannot delete profile " + profile + ": " + StoreErrors.reason(e), e);
    }
  }
}
