package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.run.RunState;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageException;
import dev.skiff.store.StoredRun;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The runs list as its URL asks for it ({@code ?state=FAILED&name=nightly&from=2026-01-01&page=…}),
 * and the catalog's {@link ListRequest} for it: the filters become KFP's predicates, which the
 * store evaluates in SQL on its indexes (state, storage state and creation time by profile), so a
 * page costs the same with 10 runs or 100,000.
 *
 * <p>Paging follows the store's tokens forward; "previous" needs the tokens of the pages before,
 * which the URL carries in {@code back} ({@code ~}-separated, the first page as an empty entry;
 * tokens are base64url with a dot, never a tilde), up to {@value #MAX_TRAIL} of them.
 *
 * @param state a run state ({@code RUNNING}), or empty for any
 * @param experiment an experiment id, or empty for any
 * @param name a part of the run's name (case-insensitive), or empty
 * @param from the first day of creation (UTC), or null
 * @param to the last day of creation (UTC, inclusive), or null
 * @param archived true for the archived runs, false for the others (as KFP's two tabs)
 * @param size the page size
 * @param page the page token of this page, or empty for the first
 * @param back the tokens of the pages before this one, oldest first
 */
public record RunListQuery(
    String state,
    String experiment,
    String name,
    LocalDate from,
    LocalDate to,
    boolean archived,
    int size,
    String page,
    List<String> back) {

  /** The page size when the URL gives none. */
  public static final int DEFAULT_SIZE = 20;

  /** The largest page the list offers. */
  public static final int MAX_SIZE = 200;

  /** How many earlier pages the URL remembers for "previous". */
  public static final int MAX_TRAIL = 40;

  /** The order of the list: newest first. */
  public static final String ORDER = "created_at desc";

  /** Normalizes blanks to empty and copies the trail. */
  public RunListQuery {
    state = state == null ? "" : state;
    experiment = experiment == null ? "" : experiment;
    name = name == null ? "" : name;
    page = page == null ? "" : page;
    back = List.copyOf(back == null ? List.of() : back);
  }

  /**
   * Reads the query of a runs page.
   *
   * @param param the query parameter of a name (null when absent)
   * @throws PageException 400 naming the parameter that is wrong
   */
  public static RunListQuery parse(Function<String, String> param) {
    String state = strip(param.apply("state")).toUpperCase(Locale.ROOT);
    if (!state.isEmpty()) {
      try {
        RunState.valueOf(state);
      } catch (IllegalArgumentException e) {
        throw PageException.badRequest(
            "state must be one of " + Arrays.toString(RunState.values()) + ", got '" + state + "'");
      }
    }
    LocalDate from = date(param.apply("from"), "from");
    LocalDate to = date(param.apply("to"), "to");
    if (from != null && to != null && to.isBefore(from)) {
      throw PageException.badRequest("the 'to' date " + to + " is before the 'from' date " + from);
    }
    String name = strip(param.apply("name"));
    if (name.length() > 200) {
      throw PageException.badRequest("name filter is longer than 200 characters");
    }
    String archivedText = strip(param.apply("archived")).toLowerCase(Locale.ROOT);
    boolean archived = archivedText.equals("1") || archivedText.equals("true");
    int size = DEFAULT_SIZE;
    String sizeText = strip(param.apply("size"));
    if (!sizeText.isEmpty()) {
      try {
        size = Integer.parseInt(sizeText);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_SIZE) {
        throw PageException.badRequest(
            "size must be a whole number from 1 to " + MAX_SIZE + ", got '" + sizeText + "'");
      }
    }
    String page = strip(param.apply("page"));
    String backText = param.apply("back");
    List<String> back = backText == null ? List.of() : Arrays.asList(backText.split("~", -1));
    for (String t : back) {
      if (!t.matches("[A-Za-z0-9_.-]*")) {
        throw PageException.badRequest("back is not a list of page tokens");
      }
    }
    if (!page.matches("[A-Za-z0-9_.-]*")) {
      throw PageException.badRequest("page is not a page token");
    }
    return new RunListQuery(
        state, strip(param.apply("experiment")), name, from, to, archived, size, page, back);
  }

  /** The catalog request for this page. */
  public ListRequest request() {
    return new ListRequest(size, page, ORDER, conditions());
  }

  /** The filter as KFP predicates, AND-ed. */
  public List<Condition> conditions() {
    List<Condition> out = new ArrayList<>();
    out.add(
        Condition.of(
            "storage_state", Op.EQUALS, archived ? StoredRun.ARCHIVED : StoredRun.AVAILABLE));
    if (!state.isEmpty()) {
      out.add(Condition.of("state", Op.EQUALS, state));
    }
    if (!experiment.isEmpty()) {
      out.add(Condition.of("experiment_id", Op.EQUALS, experiment));
    }
    if (!name.isEmpty()) {
      out.add(Condition.of("display_name", Op.IS_SUBSTRING, name));
    }
    if (from != null) {
      out.add(
          Condition.of(
              "created_at", Op.GREATER_THAN_EQUALS, from.atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    if (to != null) {
      out.add(
          Condition.of(
              "created_at", Op.LESS_THAN, to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    return out;
  }

  /** Whether any filter beside the archived toggle is set. */
  public boolean filtered() {
    return !state.isEmpty()
        || !experiment.isEmpty()
        || !name.isEmpty()
        || from != null
        || to != null;
  }

  /** The query string of the first page with these filters (no leading {@code ?}). */
  public String filterQuery() {
    StringBuilder q = new StringBuilder();
    add(q, "state", state);
    add(q, "experiment", experiment);
    add(q, "name", name);
    add(q, "from", from == null ? "" : from.toString());
    add(q, "to", to == null ? "" : to.toString());
    add(q, "archived", archived ? "1" : "");
    add(q, "size", size == DEFAULT_SIZE ? "" : Integer.toString(size));
    return q.toString();
  }

  /** The query string of the page after this one, which starts at {@code nextToken}. */
  public String nextQuery(String nextToken) {
    List<String> trail = new ArrayList<>(back);
    trail.add(page);
    while (trail.size() > MAX_TRAIL) {
      trail.removeFirst();
    }
    StringBuilder q = new StringBuilder(filterQuery());
    add(q, "page", nextToken);
    q.append(q.isEmpty() ? "" : "&").append("back=").append(String.join("~", trail));
    return q.toString();
  }

  /** The query string of the page before this one, or null on the first page (or none known). */
  public String previousQuery() {
    if (page.isEmpty() || back.isEmpty()) {
      return null;
    }
    String previous = back.getLast();
    List<String> trail = back.subList(0, back.size() - 1);
    StringBuilder q = new StringBuilder(filterQuery());
    add(q, "page", previous);
    if (!previous.isEmpty() && !trail.isEmpty()) {
      q.append(q.isEmpty() ? "" : "&").append("back=").append(String.join("~", trail));
    }
    return q.toString();
  }

  /** How many pages come before this one (0 on the first page), as far as the URL knows. */
  public int pageIndex() {
    return page.isEmpty() ? 0 : back.size();
  }

  private static void add(StringBuilder q, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (!q.isEmpty()) {
      q.append('&');
    }
    q.append(key).append('=').append(DashboardPaths.query(value));
  }

  private static LocalDate date(String text, String what) {
    String t = strip(text);
    if (t.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw PageException.badRequest(what + " must be a date like 2026-01-31, got '" + t + "'");
    }
  }

  private static String strip(String s) {
    return s == null ? "" : s.strip();
  }
}
