package dev.skiff.engine.catalog;

import dev.skiff.pipeline.Problem;
import java.util.List;

/**
 * A catalog request that cannot be done because of what the caller asked for; nothing changed. The
 * message is one line naming the problem. Each kind is its own subclass, so that the HTTP layer
 * maps it to a status and the CLI to its exit code.
 */
public abstract sealed class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private CatalogException(String message) {
    super(message);
  }

  /**
   * A malformed or incomplete request (HTTP 400); for a pipeline file that is not valid, with the
   * validator's problems (field path and line of each), so that a front end can point at them.
   */
  public static final class Invalid extends CatalogException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public Invalid(String message) {
      this(message, List.of());
    }

    /** An invalid request with the problems found in a pipeline file, in file order. */
    public Invalid(String message, List<Problem> problems) {
      super(message);
      this.problems = List.copyOf(problems);
    }

    /** The problems found in a pipeline file; empty for other invalid requests. */
    public List<Problem> problems() {
      return problems == null ? List.of() : problems;
    }
  }

  /** A namespace that is not the caller's (HTTP 403). */
  public static final class Forbidden extends CatalogException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
      super(message);
    }
  }

  /** An id or name the caller cannot see: unknown, or another profile's (HTTP 404). */
  public static final class NotFound extends CatalogException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message);
    }
  }

  /** The resource is in a state that does not allow this, e.g. an archived experiment (409). */
  public static final class Conflict extends CatalogException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }

  /** An uploaded or fetched pipeline file over the size limit (HTTP 413). */
  public static final class TooLarge extends CatalogException {
    private static final long serialVersionUID = 1L;

    public TooLarge(String message) {
      super(message);
    }
  }
}
