package dev.skiff.server.api;

import dev.skiff.api.RequestBodies;
import dev.skiff.api.v1.IdentityJson;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.launch.Quantities;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileQuota;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Profiles and their members under {@code /api/v1/profiles}, a thin shell over {@link
 * ProfileCatalog}: create, list, get, delete; members add, change role, remove; quota (platform
 * administrators).
 */
public final class ProfileRoutes {
  /** The collection path. */
  public static final String PROFILES = "/api/v1/profiles";

  private final EngineSlot engine;

  /** Routes over the server's catalog. */
  public ProfileRoutes(EngineSlot engine) {
    this.engine = engine;
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(PROFILES, this::list);
    routes.post(PROFILES, this::create);
    routes.get(PROFILES + "/{profile}", this::get);
    routes.delete(PROFILES + "/{profile}", this::delete);
    routes.put(PROFILES + "/{profile}/quota", this::setQuota);
    routes.get(PROFILES + "/{profile}/members", this::members);
    routes.post(PROFILES + "/{profile}/members", this::addMember);
    routes.put(PROFILES + "/{profile}/members/{user}", this::changeMember);
    routes.delete(PROFILES + "/{profile}/members/{user}", this::removeMember);
  }

  private ProfileCatalog catalog() {
    return engine.catalog().profiles();
  }

  private void list(Context ctx) {
    ctx.json(
        new IdentityJson.ProfileList(
            catalog().list(ApiRequests.requester(ctx)).stream().map(ProfileRoutes::view).toList()));
  }

  private void create(Context ctx) {
    if (ApiAuthFilter.caller(ctx).identity().scope() != null) {
      // a new profile is owned outright: beyond whatever the token was limited to
      throw new CatalogException.Forbidden(
          "a token limited to a profile or role cannot create profiles; sign in or use an"
              + " unlimited token");
    }
    IdentityJson.NewProfile p =
        RequestBodies.read(ApiRequests.body(ctx), IdentityJson.NewProfile.class, "a new profile");
    ProfileCatalog.ProfileView made =
        catalog().create(ApiRequests.requester(ctx), p.name(), p.description());
    dev.skiff.server.auth.AuditTrail.of(ctx).note(made.profile().name());
    ctx.status(201).json(view(made));
  }

  private void get(Context ctx) {
    ctx.json(view(catalog().get(ApiRequests.requester(ctx), ctx.pathParam("profile"))));
  }

  private void delete(Context ctx) {
    catalog().delete(ApiRequests.requester(ctx), ctx.pathParam("profile"));
    ctx.status(204);
  }

  private void setQuota(Context ctx) {
    IdentityJson.Quota q =
        RequestBodies.read(ApiRequests.body(ctx), IdentityJson.Quota.class, "a profile quota");
    ProfileQuota quota;
    try {
      quota =
          new ProfileQuota(
              q.steps(),
              q.cpu() == null ? null : Math.round(Quantities.cpus(q.cpu()) * 1000),
              q.memory() == null ? null : Quantities.bytes(q.memory()),
              q.gpus(),
              q.notebooks());
    } catch (IllegalArgumentException e) {
      throw new CatalogException.Invalid("quota: " + e.getMessage());
    }
    ctx.json(view(catalog().setQuota(ApiRequests.requester(ctx), ctx.pathParam("profile"), quota)));
  }

  private void members(Context ctx) {
    ctx.json(
        new IdentityJson.MemberList(
            catalog().members(ApiRequests.requester(ctx), ctx.pathParam("profile")).stream()
                .map(ProfileRoutes::view)
                .toList()));
  }

  private void addMember(Context ctx) {
    IdentityJson.MemberRequest m =
        RequestBodies.read(ApiRequests.body(ctx), IdentityJson.MemberRequest.class, "a member");
    putMember(ctx, m.user(), m.role());
  }

  private void changeMember(Context ctx) {
    IdentityJson.MemberRequest m =
        RequestBodies.read(ApiRequests.body(ctx), IdentityJson.MemberRequest.class, "a member");
    if (m.user() != null
        && !m.user().isBlank()
        && !m.user().strip().equals(ctx.pathParam("user"))) {
      throw new CatalogException.Invalid("the body's user differs from the path's");
    }
    putMember(ctx, ctx.pathParam("user"), m.role());
  }

  private void putMember(Context ctx, String user, String roleText) {
    ProfileRole role =
        ProfileRole.parse(roleText)
            .orElseThrow(
                () ->
                    new CatalogException.Invalid(
                        "role must be admin, edit or view, got '" + roleText + "'"));
    String profile = ctx.pathParam("profile");
    boolean added = catalog().putMember(ApiRequests.requester(ctx), profile, user, role);
    Member m =
        catalog().members(ApiRequests.requester(ctx), profile).stream()
            .filter(x -> x.userId().equals(user.strip().toLowerCase(java.util.Locale.ROOT)))
            .findFirst()
            .orElseThrow();
    ctx.status(added ? 201 : 200).json(view(m));
  }

  private void removeMember(Context ctx) {
    catalog()
        .removeMember(ApiRequests.requester(ctx), ctx.pathParam("profile"), ctx.pathParam("user"));
    ctx.status(204);
  }

  private static IdentityJson.Profile view(ProfileCatalog.ProfileView v) {
    ProfileQuota q = v.quota();
    return new IdentityJson.Profile(
        v.profile().name(),
        v.profile().owner(),
        v.profile().description(),
        v.profile().createdAt(),
        v.role().wire(),
        new IdentityJson.Quota(
            q.steps(),
            q.cpuMillis() == null ? null : q.cpuMillis() + "m",
            q.memoryBytes() == null ? null : Long.toString(q.memoryBytes()),
            q.gpus(),
            q.notebooks()));
  }

  private static IdentityJson.Member view(Member m) {
    return new IdentityJson.Member(m.userId(), m.role().wire(), m.addedBy(), m.addedAt());
  }
}
