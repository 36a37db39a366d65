package dev.skiff.server.web.profiles;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.auth.AuthServices;
import dev.skiff.server.auth.AuthSlot;
import dev.skiff.server.auth.Caller;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.identity.ApiToken;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileQuota;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code /p/{profile}/settings}: the profile's members and roles, its quota against what its
 * running steps use now, and the caller's API tokens. Every member sees it; what it offers to
 * change follows the caller's role, and the API decides (the page shows the API's refusal).
 */
public final class ProfileSettingsArea implements Dashboard.Area {
  private final AuthSlot auth;
  private Pages pages;
  private EngineSlot slot;

  /** The area over the sign-in services (API tokens). */
  public ProfileSettingsArea(AuthSlot auth) {
    this.auth = auth;
  }

  /** A member as the page lists them. */
  public record MemberRow(Member member, boolean owner, boolean me) {
    /** The member's role on the wire: {@code owner}, {@code admin}, ... */
    public String role() {
      return member.role().wire();
    }
  }

  /** An API token of the caller; the secret itself is never shown again. */
  public record TokenRow(ApiToken token, boolean active) {
    /** What the token is limited to, as people read it. */
    public String scope() {
      if (token.profile() == null && token.role() == null) {
        return "all your profiles and roles";
      }
      String where = token.profile() == null ? "all your profiles" : "profile " + token.profile();
      return token.role() == null ? where : where + ", at most " + token.role().wire();
    }
  }

  /**
   * The quota form's current values as the quota API reads them (empty: no limit).
   *
   * @param steps steps running at once
   * @param cpu CPU, e.g. {@code 1500m}
   * @param memory memory in bytes
   * @param gpus GPUs
   * @param notebooks notebook servers
   */
  public record QuotaForm(String steps, String cpu, String memory, String gpus, String notebooks) {
    static QuotaForm of(ProfileQuota q) {
      return new QuotaForm(
          q.steps() == null ? "" : q.steps().toString(),
          q.cpuMillis() == null ? "" : q.cpuMillis() + "m",
          q.memoryBytes() == null ? "" : q.memoryBytes().toString(),
          q.gpus() == null ? "" : q.gpus().toString(),
          q.notebooks() == null ? "" : q.notebooks().toString());
    }
  }

  /** The page's model. */
  public record Model(
      PageChrome chrome,
      ProfileCatalog.ProfileView profile,
      List<MemberRow> members,
      List<QuotaRow> quota,
      int waitingSteps,
      QuotaForm quotaForm,
      List<TokenRow> tokens,
      boolean scopedCaller) {

    /** Whether the caller owns the profile (and so makes admins). */
    public boolean owner() {
      return chrome.role().equals(ProfileRole.OWNER.wire());
    }

    /** Whether the caller may leave (a member who is not the owner). */
    public boolean canLeave() {
      return !profile.profile().owner().equals(chrome.user())
          && members.stream().anyMatch(MemberRow::me);
    }

    /** The roles the caller may give: owners make admins, admins give edit and view. */
    public List<String> assignableRoles() {
      return owner() ? List.of("view", "edit", "admin") : List.of("view", "edit");
    }
  }

  @Override
  public void install(RoutesConfig routes, Pages p, EngineSlot s) {
    this.pages = p;
    this.slot = s;
    p.get(routes, "/p/{profile}/settings", this::show);
  }

  private void show(Context ctx) {
    String name = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Caller caller = WebRequest.caller(ctx);
    Requester who = caller.requester();
    ProfileCatalog profiles = catalog.profiles();
    ProfileCatalog.ProfileView view = profiles.get(who, name);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, name, "settings");
    List<MemberRow> members =
        profiles.members(who, name).stream()
            .map(
                m ->
                    new MemberRow(
                        m,
                        m.userId().equals(view.profile().owner()),
                        m.userId().equals(caller.user())))
            .toList();
    ProfileCatalog.Usage usage = profiles.usage(who, name);
    AuthServices services = auth.services();
    Instant now = services.clock().instant();
    List<TokenRow> tokens =
        services.tokens().of(caller.user()).stream()
            .map(t -> new TokenRow(t, t.activeAt(now)))
            .toList();
    pages.render(
        ctx,
        "profiles/settings.jte",
        new Model(
            chrome,
            view,
            members,
            QuotaRow.of(view.quota(), usage.usage()),
            usage.waiting(),
            QuotaForm.of(view.quota()),
            tokens,
            caller.identity().scope() != null));
  }
}
