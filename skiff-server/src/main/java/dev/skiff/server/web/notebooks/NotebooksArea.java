package dev.skiff.server.web.notebooks;

import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookEnvironment;
import dev.skiff.engine.notebook.NotebookEvent;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Notebook servers of a profile (Kubeflow's Jupyter web app): {@code /p/{profile}/notebooks} (the
 * list with connect, stop, start and delete), {@code .../notebooks/new} (the spawner form), {@code
 * .../notebooks/{name}} (facts, events and the server's log). Two fragments keep pages live: {@code
 * .../notebooks/-/table} (the list's table, re-fetched while a status is about to change) and
 * {@code .../notebooks/-/summary} (the home page's entry). The pages read through {@link Notebooks}
 * with the caller's requester; every change is a call of the notebooks API from the page's script.
 */
public final class NotebooksArea implements Dashboard.Area {
  /** A notebook name (a Kubernetes object name); anything else cannot be a notebook. */
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

  /** The list page's model. */
  public record ListModel(PageChrome chrome, List<NotebookView> notebooks) {
    /** The table, which the page's script re-fetches as a fragment. */
    public TableModel table() {
      return new TableModel(chrome, notebooks);
    }
  }

  /** The table fragment's model (the list page's table, re-fetched while statuses change). */
  public record TableModel(PageChrome chrome, List<NotebookView> notebooks) {
    /** Whether some notebook's status is about to change (the page keeps watching). */
    public boolean busy() {
      return notebooks.stream().anyMatch(NotebookView::busy);
    }
  }

  /** The home page's entry (a fragment). */
  public record SummaryModel(PageChrome chrome, List<NotebookView> notebooks) {}

  /**
   * An environment the form offers.
   *
   * @param name its key
   * @param label for people
   * @param serverKind the server it runs
   * @param cpu its default CPU cores, e.g. {@code 0.5}
   * @param memory its default memory as the field takes it, e.g. {@code 1Gi}
   * @param unavailable why it cannot be picked; empty when it can
   */
  public record EnvironmentChoice(
      String name, String label, String serverKind, String cpu, String memory, String unavailable) {
    /** Whether it can be picked. */
    public boolean available() {
      return unavailable.isEmpty();
    }
  }

  /** The spawner form's model; {@code first} is the environment selected at first (may be null). */
  public record NewModel(
      PageChrome chrome, List<EnvironmentChoice> environments, EnvironmentChoice first) {
    /** The notebooks API's collection of the profile, which the form posts to. */
    public String api() {
      return "/api/v1/profiles/" + chrome.profile() + "/notebooks";
    }
  }

  /** The details page's model; {@code events} newest first. */
  public record DetailModel(PageChrome chrome, NotebookView notebook, List<NotebookEvent> events) {}

  /** The delete dialog's model (shared by the list and the details page). */
  public record DeleteDialog(String profile, String then) {}

  private Pages pages;
  private EngineSlot slot;

  @Override
  public void install(RoutesConfig routes, Pages p, EngineSlot s) {
    this.pages = p;
    this.slot = s;
    // literal segments before {name}; "-" is no notebook name, so the fragments never shadow one
    p.get(routes, "/p/{profile}/notebooks", this::list);
    p.get(routes, "/p/{profile}/notebooks/new", this::form);
    p.get(routes, "/p/{profile}/notebooks/-/table", this::table);
    p.get(routes, "/p/{profile}/notebooks/-/summary", this::summary);
    p.get(routes, "/p/{profile}/notebooks/{name}", this::detail);
  }

  private void list(Context ctx) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), profile, "notebooks");
    pages.render(ctx, "notebooks/list.jte", new ListModel(chrome, views(ctx, profile)));
  }

  private void table(Context ctx) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), profile, "notebooks");
    pages.render(ctx, "notebooks/table.jte", new TableModel(chrome, views(ctx, profile)));
  }

  private void summary(Context ctx) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), profile, "home");
    pages.render(ctx, "notebooks/summary.jte", new SummaryModel(chrome, views(ctx, profile)));
  }

  private void form(Context ctx) {
    String profile = WebRequest.profile(ctx);
    WebRequest.requester(ctx).require(profile, ProfileRole.EDIT);
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), profile, "notebooks");
    List<EnvironmentChoice> choices = new ArrayList<>();
    for (NotebookEnvironment e : slot.notebooks().environments()) {
      choices.add(
          new EnvironmentChoice(
              e.name(),
              e.displayName(),
              e.serverKind(),
              NotebookView.cores(e.defaultCpus()),
              NotebookView.quantity(e.defaultMemoryBytes()),
              e.unavailable().orElse("")));
    }
    EnvironmentChoice first =
        choices.stream().filter(EnvironmentChoice::available).findFirst().orElse(null);
    pages.render(ctx, "notebooks/new.jte", new NewModel(chrome, choices, first));
  }

  private void detail(Context ctx) {
    String profile = WebRequest.profile(ctx);
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw PageException.notFound("'" + name + "' is not a notebook name");
    }
    Requester who = WebRequest.requester(ctx);
    Notebooks service = slot.notebooks();
    Notebook notebook = service.get(who, profile, name);
    List<NotebookEvent> events = new ArrayList<>(service.events(who, profile, name));
    Collections.reverse(events);
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), profile, "notebooks");
    pages.render(
        ctx, "notebooks/detail.jte", new DetailModel(chrome, new NotebookView(notebook), events));
  }

  private List<NotebookView> views(Context ctx, String profile) {
    return slot.notebooks().list(WebRequest.requester(ctx), profile).stream()
        .map(NotebookView::new)
        .toList();
  }
}
