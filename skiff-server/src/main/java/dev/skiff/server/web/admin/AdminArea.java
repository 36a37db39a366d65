package dev.skiff.server.web.admin;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.auth.AuthSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.identity.AppUser;
import dev.skiff.store.identity.AuditEvent;
import dev.skiff.store.identity.ProfileQuota;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The platform administrators' pages: {@code /admin} (every profile with its owner, member count
 * and quota; every user) and {@code /admin/audit} (the audit log, newest first, paged by event id
 * and filtered by user and profile in the query). Anyone else gets a 403 page.
 */
public final class AdminArea implements Dashboard.Area {
  /** Audit events per page. */
  static final int AUDIT_PAGE = 50;

  private final AuthSlot auth;
  private Pages pages;
  private EngineSlot slot;

  /** The area over the sign-in services (the audit log). */
  public AdminArea(AuthSlot auth) {
    this.auth = auth;
  }

  /** A profile in the list. */
  public record ProfileRow(ProfileCatalog.ProfileView view, int members, String quota) {}

  /** The overview's model. */
  public record Model(PageChrome chrome, List<ProfileRow> profiles, List<AppUser> users) {}

  /**
   * The audit page's model.
   *
   * @param user the user filter (empty: all)
   * @param profile the profile filter (empty: all)
   * @param before the id this page starts below (0: the newest)
   * @param next the {@code before} of the next page, or 0 when this is the last
   */
  public record AuditModel(
      PageChrome chrome,
      List<AuditEvent> events,
      String user,
      String profile,
      long before,
      long next) {}

  @Override
  public void install(RoutesConfig routes, Pages p, EngineSlot s) {
    this.pages = p;
    this.slot = s;
    p.get(routes, "/admin", this::overview);
    p.get(routes, "/admin/audit", this::audit);
  }

  /** The chrome of an admin page; a 403 page for anyone but a platform administrator. */
  private PageChrome admin(Context ctx, Catalog catalog) {
    PageChrome chrome = WebRequest.chrome(ctx, catalog, "", "admin");
    if (!WebRequest.requester(ctx).platformAdmin()) {
      throw new PageException(403, "the admin pages are for platform administrators");
    }
    return chrome;
  }

  private void overview(Context ctx) {
    Catalog catalog = slot.catalog();
    PageChrome chrome = admin(ctx, catalog);
    Requester who = WebRequest.requester(ctx);
    ProfileCatalog profiles = catalog.profiles();
    List<ProfileRow> rows =
        profiles.list(who).stream()
            .map(
                v ->
                    new ProfileRow(
                        v, profiles.members(who, v.profile().name()).size(), quota(v.quota())))
            .toList();
    pages.render(ctx, "admin/overview.jte", new Model(chrome, rows, profiles.users(who)));
  }

  private void audit(Context ctx) {
    Catalog catalog = slot.catalog();
    PageChrome chrome = admin(ctx, catalog);
    String user = text(ctx.queryParam("user"));
    String profile = text(ctx.queryParam("profile"));
    long before = before(ctx.queryParam("before"));
    List<AuditEvent> events =
        auth.services()
            .identity()
            .audit()
            .list(
                profile.isEmpty() ? null : profile,
                user.isEmpty() ? null : user,
                before,
                AUDIT_PAGE);
    long next = events.size() == AUDIT_PAGE ? events.getLast().id() : 0;
    pages.render(
        ctx, "admin/audit.jte", new AuditModel(chrome, events, user, profile, before, next));
  }

  /** A quota in one line: {@code steps 4, CPU 2000m, GPUs 1} or {@code no limits}. */
  static String quota(ProfileQuota q) {
    StringBuilder s = new StringBuilder();
    append(s, "steps", q.steps() == null ? null : q.steps().toString());
    append(s, "CPU", q.cpuMillis() == null ? null : q.cpuMillis() + "m");
    append(
        s,
        "memory",
        q.memoryBytes() == null ? null : dev.skiff.server.web.Format.bytes(q.memoryBytes()));
    append(s, "GPUs", q.gpus() == null ? null : q.gpus().toString());
    append(s, "notebooks", q.notebooks() == null ? null : q.notebooks().toString());
    return s.isEmpty() ? "no limits" : s.toString();
  }

  private static void append(StringBuilder s, String name, String value) {
    if (value != null) {
      s.append(s.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
    }
  }

  /** The {@code before} parameter: an event id (0 or absent: from the newest). */
  static long before(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      long v = Long.parseLong(text.strip());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw PageException.badRequest("before must be an audit event id, got '" + text + "'");
  }

  private static String text(String s) {
    return s == null ? "" : s.strip();
  }
}
