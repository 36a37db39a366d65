package dev.skiff.engine.notebook;

import dev.skiff.engine.catalog.Requester;
import java.util.List;
import java.util.Optional;

/**
 * Notebook servers of profiles: what the API, the CLI (through the API) and the dashboard call.
 * Reads need the view role in the profile, everything else (and reaching the server) the edit role.
 * Mistakes throw {@link dev.skiff.engine.catalog.CatalogException} (Invalid, Forbidden, NotFound,
 * Conflict) and change nothing.
 */
public interface Notebooks {

  /** The environments an administrator configured, with why each cannot be used, if so. */
  List<NotebookEnvironment> environments();

  /**
   * Creates a notebook server and starts it: it is {@code Pending} until its resources are free and
   * the server answers, then {@code Running}.
   *
   * @throws dev.skiff.engine.catalog.CatalogException.Invalid for a bad name, an unknown or
   *     unavailable environment, bad resources, an unknown configuration or volume path
   * @throws dev.skiff.engine.catalog.CatalogException.Conflict when the name is taken
   */
  Notebook create(Requester who, String profile, NotebookSpec spec);

  /** The profile's notebooks, by name. */
  List<Notebook> list(Requester who, String profile);

  /** One notebook. */
  Notebook get(Requester who, String profile, String name);

  /** Starts a stopped or failed notebook (nothing when it runs or is pending). */
  Notebook start(Requester who, String profile, String name);

  /** Stops a notebook, keeping its workspace (nothing when it is stopped). */
  Notebook stop(Requester who, String profile, String name);

  /**
   * Deletes a notebook: stops its server (no process is left) and forgets it.
   *
   * @param deleteWorkspace also delete its workspace folder
   */
  void delete(Requester who, String profile, String name, boolean deleteWorkspace);

  /** What happened to a notebook, oldest first. */
  List<NotebookEvent> events(Requester who, String profile, String name);

  /** Reads the server's log from {@code offset}, at most {@code maxBytes}. */
  NotebookLog logs(Requester who, String profile, String name, long offset, int maxBytes);

  /**
   * Where the caller's request to a notebook goes: empty when the server does not run now. Needs
   * the edit role (reaching a server runs code in the profile).
   */
  Optional<NotebookEndpoint> endpoint(Requester who, String profile, String name);
}
