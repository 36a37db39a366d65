package dev.skiff.store;

import java.util.List;
import java.util.Optional;

/**
 * Stores {@link Profile}s, keyed by name.
 *
 * <p>Every method fails with a {@link StoreException} (one-line message) when the database does; a
 * failed call changes nothing. Lookups by a name that breaks {@link ProfileName}'s rules simply
 * find nothing, because no such profile can exist.
 */
public interface ProfileRepository {

  /**
   * Stores a new profile.
   *
   * @return the profile as stored (equal to the argument)
   * @throws AlreadyExistsException when a profile with that name exists; nothing is changed
   */
  Profile create(Profile profile);

  /**
   * Stores the profile unless one with that name exists (which is then left as it is).
   *
   * @return {@code true} when it was stored, {@code false} when the name was taken
   */
  boolean createIfAbsent(Profile profile);

  /** The profile with that name, if any. */
  Optional<Profile> find(String name);

  /** All profiles, ordered by name (by character code, the same on every database). */
  List<Profile> list();

  /**
   * Deletes the profile with that name.
   *
   * @return {@code true} when one was deleted, {@code false} when there was none
   */
  boolean delete(String name);

  /** The profile's quota ({@link dev.skiff.store.identity.ProfileQuota#NONE} when it has none). */
  dev.skiff.store.identity.ProfileQuota quota(String name);

  /**
   * Sets the profile's quota.
   *
   * @return whether the profile exists
   */
  boolean setQuota(String name, dev.skiff.store.identity.ProfileQuota quota);
}
