package dev.skiff.store.notebook;

import java.util.List;
import java.util.Optional;

/**
 * Notebook servers and their events. Updates are optimistic: {@link #update} writes only when the
 * row still has the version that was read, so two writers never lose each other's change silently.
 */
public interface NotebookRepository {

  /** How many events are kept per notebook (the oldest go first). */
  int MAX_EVENTS = 200;

  /**
   * Stores a new notebook (its version is stored as given, normally 0).
   *
   * @throws dev.skiff.store.AlreadyExistsException when the profile has a notebook of that name
   */
  void create(StoredNotebook notebook);

  /** Whether the profile exists (notebooks belong to one). */
  boolean profileExists(String profile);

  Optional<StoredNotebook> find(String profile, String name);

  /** The profile's notebooks, by name. */
  List<StoredNotebook> list(String profile);

  /** Every notebook of every profile, by profile and name (the reconciler's scan). */
  List<StoredNotebook> all();

  /**
   * Writes {@code notebook} over the row of the same key when the row's version is still {@code
   * notebook.version()}.
   *
   * @return the row as written (version + 1), or empty when the row changed or is gone
   */
  Optional<StoredNotebook> update(StoredNotebook notebook);

  /**
   * Deletes a notebook with its events.
   *
   * @return whether it existed
   */
  boolean delete(String profile, String name);

  /**
   * Appends an event, keeping the newest {@link #MAX_EVENTS}; nothing when the notebook is gone.
   */
  void appendEvent(String profile, String name, StoredNotebookEvent event);

  /** A notebook's events, oldest first. */
  List<StoredNotebookEvent> events(String profile, String name);
}
