package dev.skiff.engine.catalog;

import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.engine.retention.RunNotDeletableException;
import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.Profile;
import dev.skiff.store.ProfileContents;
import dev.skiff.store.ProfileName;
import dev.skiff.store.ProfileRepository;
import dev.skiff.store.identity.AppUser;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.MemberRepository;
import dev.skiff.store.identity.ProfileQuota;
import dev.skiff.store.identity.ProfileRole;
import dev.skiff.store.identity.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Profiles (workspaces) and their members: who may create, see, change and delete them. Any
 * signed-in user may create a profile (they own it); members with {@code view} see it; owners and
 * {@code admin}s manage members; only the owner (or a platform administrator) deletes it, with
 * everything in it; quotas are set by platform administrators.
 */
public final class ProfileCatalog {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ProfileCatalog.class);

  /**
   * The profile whose pipelines everyone signed in may read and run: platform administrators (and
   * the members they give {@code edit}) publish pipelines there.
   */
  public static final String SHARED = "shared";

  /** The owner recorded for {@link #SHARED}. */
  static final String SYSTEM_OWNER = "skiff";

  /** How long deleting a profile waits for each of its runs in progress to stop. */
  static final Duration RUN_STOP_WAIT = Duration.ofSeconds(30);

  private final ProfileRepository profiles;
  private final MemberRepository members;
  private final UserRepository users;
  private final ProfileContents contents;
  private final RunService runs;
  private final Clock clock;
  private final List<Consumer<String>> deletionSteps = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

  ProfileCatalog(
      ProfileRepository profiles,
      MemberRepository members,
      UserRepository users,
      ProfileContents contents,
      RunService runs,
      Clock clock) {
    this.profiles = profiles;
    this.members = members;
    this.users = users;
    this.contents = contents;
    this.runs = runs;
    this.clock = clock;
  }

  /**
   * Adds a step to every profile deletion, run after the owner check and before the profile's runs
   * and rows go: e.g. the notebook service stops the profile's servers ({@code
   * profiles.whenDeleting(notebooks::removeProfile)}). A step that throws a {@link
   * CatalogException} stops the deletion (deleting again finishes the job).
   */
  public void whenDeleting(Consumer<String> step) {
    deletionSteps.add(step);
  }

  /**
   * Tells {@code listener} the name of every profile this catalog created, changed (members, quota)
   * or deleted, after the change is stored: e.g. the cluster mode keeps the profile's Kubernetes
   * resources in step. A listener that throws does not undo the change.
   */
  public void whenChanged(Consumer<String> listener) {
    changeListeners.add(listener);
  }

  private void changed(String profile) {
    for (Consumer<String> l : changeListeners) {
      try {
        l.accept(profile);
      } catch (RuntimeException e) {
        log.warn("after a change of profile '{}': {}", profile, e.toString());
      }
    }
  }

  /** Makes the {@link #SHARED} profile unless it exists. */
  public void ensureShared() {
    profiles.createIfAbsent(
        new Profile(
            SHARED,
            SYSTEM_OWNER,
            "Pipelines shared with everyone; platform administrators publish them",
            clock.instant()));
  }

  /** A profile as a member sees it: with the caller's role. */
  public record ProfileView(Profile profile, ProfileRole role, ProfileQuota quota) {}

  /**
   * Creates a profile owned by the caller.
   *
   * @throws CatalogException.Invalid for a name that is not a DNS-1123 label, or a long description
   * @throws AlreadyExistsException when the name is taken
   */
  public ProfileView create(Requester who, String name, String description) {
    String n = name == null ? "" : name.strip();
    if (!ProfileName.isValid(n)) {
      throw new CatalogException.Invalid(problem(n));
    }
    FieldLimits.check("profile description", description, Profile.MAX_DESCRIPTION_LENGTH);
    Profile made = profiles.create(new Profile(n, who.user(), description, clock.instant()));
    changed(made.name());
    return new ProfileView(made, ProfileRole.OWNER, ProfileQuota.NONE);
  }

  /** The profiles the caller is a member of (platform administrators: all), by name. */
  public List<ProfileView> list(Requester who) {
    List<ProfileView> out = new ArrayList<>();
    for (Profile p : profiles.list()) {
      who.role(p.name()).ifPresent(r -> out.add(new ProfileView(p, r, profiles.quota(p.name()))));
    }
    return out;
  }

  /**
   * A profile the caller is a member of.
   *
   * @throws CatalogException.NotFound when it does not exist or the caller has no role in it
   */
  public ProfileView get(Requester who, String name) {
    Profile p = visible(who, name);
    return new ProfileView(p, who.role(p.name()).orElseThrow(), profiles.quota(p.name()));
  }

  /** The members of a profile (view needed), owner first. */
  public List<Member> members(Requester who, String name) {
    Profile p = visible(who, name);
    who.require(p.name(), ProfileRole.VIEW);
    return members.ofProfile(p.name());
  }

  /**
   * Adds a member or changes a member's role (owners and admins). The owner's role does not change,
   * nobody is made owner this way, and only the owner makes admins or changes an admin's role.
   *
   * @return whether the member is new
   */
  public boolean putMember(Requester who, String name, String userId, ProfileRole role) {
    Profile p = visible(who, name);
    who.require(p.name(), ProfileRole.ADMIN);
    String user = memberId(userId);
    if (role == ProfileRole.OWNER) {
      throw new CatalogException.Invalid(
          "a profile has one owner; give " + user + " the role admin, edit or view");
    }
    if (user.equals(p.owner())) {
      throw new CatalogException.Conflict(user + " owns profile '" + p.name() + "'");
    }
    if (role == ProfileRole.ADMIN && !who.has(p.name(), ProfileRole.OWNER)) {
      // an admin may not create peers that could then remove them: owners grant admin
      throw new CatalogException.Forbidden("only the owner of '" + p.name() + "' makes admins");
    }
    if (members.role(p.name(), user).orElse(null) == ProfileRole.ADMIN
        && !user.equals(who.user())
        && !who.has(p.name(), ProfileRole.OWNER)) {
      // as with removing one: an admin does not demote a peer
      throw new CatalogException.Forbidden(
          "only the owner of '" + p.name() + "' changes an admin's role");
    }
    boolean added = members.put(new Member(p.name(), user, role, who.user(), clock.instant()));
    changed(p.name());
    return added;
  }

  /**
   * Removes a member (owners and admins; any member may remove themselves). The owner stays.
   *
   * @throws CatalogException.NotFound when they are not a member
   */
  public void removeMember(Requester who, String name, String userId) {
    Profile p = visible(who, name);
    String user = memberId(userId);
    if (!user.equals(who.user())) {
      who.require(p.name(), ProfileRole.ADMIN);
    }
    if (user.equals(p.owner())) {
      throw new CatalogException.Conflict(
          user + " owns profile '" + p.name() + "'; delete the profile instead");
    }
    if (members.role(p.name(), user).orElse(null) == ProfileRole.ADMIN
        && !user.equals(who.user())
        && !who.has(p.name(), ProfileRole.OWNER)) {
      throw new CatalogException.Forbidden("only the owner of '" + p.name() + "' removes admins");
    }
    if (!members.remove(p.name(), user)) {
      throw new CatalogException.NotFound(user + " is not a member of '" + p.name() + "'");
    }
    changed(p.name());
  }

  /**
   * What a profile's running steps use now against its quota.
   *
   * @param usage what its counted steps request together
   * @param waiting how many of its steps wait for the quota
   */
  public record Usage(QuotaUsage usage, int waiting) {}

  /**
   * What a profile's running steps use now (view needed), as the engine's quota ledger counts them
   * (the steps of the runs this server drives).
   */
  public Usage usage(Requester who, String name) {
    Profile p = visible(who, name);
    who.require(p.name(), ProfileRole.VIEW);
    return new Usage(runs.quotaUsage(p.name()), runs.quotaWaiting(p.name()));
  }

  /**
   * Every user who signed in, by id (platform administrators).
   *
   * @throws CatalogException.Forbidden for anyone else
   */
  public List<AppUser> users(Requester who) {
    if (!who.platformAdmin()) {
      throw new CatalogException.Forbidden("the list of users is for platform administrators");
    }
    return users.list();
  }

  /** Sets a profile's quota (platform administrators). */
  public ProfileView setQuota(Requester who, String name, ProfileQuota quota) {
    Profile p = visible(who, name);
    if (!who.platformAdmin()) {
      throw new CatalogException.Forbidden("quotas are set by platform administrators");
    }
    profiles.setQuota(p.name(), quota);
    changed(p.name());
    return get(who, p.name());
  }

  /**
   * Deletes a profile with its runs (steps in progress are stopped first), their logs and
   * artifacts, schedules, experiments, pipelines and members. Only its owner (or a platform
   * administrator) may.
   *
   * @throws CatalogException.Conflict when a run did not stop in time; what was deleted stays
   *     deleted, and deleting again finishes the job
   */
  public void delete(Requester who, String name) {
    Profile p = visible(who, name);
    if (!who.platformAdmin() && !p.owner().equals(who.user())) {
      throw new CatalogException.Forbidden(
          "only the owner of '" + p.name() + "' (" + p.owner() + ") deletes it");
    }
    who.require(p.name(), ProfileRole.OWNER);
    for (Consumer<String> step : deletionSteps) {
      step.accept(p.name());
    }
    List<String> ids = contents.runIds(p.name());
    for (String id : ids) {
      runs.cancel(id);
    }
    for (String id : ids) {
      try {
        var view = runs.get(id);
        if (view.isPresent() && !view.get().run().state().isTerminal()) {
          runs.await(id, RUN_STOP_WAIT);
        }
      } catch (TimeoutException e) {
        throw new CatalogException.Conflict(
            "run " + id + " of '" + p.name() + "' has not stopped yet; delete the profile again");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CatalogException.Conflict("profile '" + p.name() + "' was not deleted");
      }
    }
    try {
      runs.deleteAll(ids);
    } catch (RunNotDeletableException e) {
      throw new CatalogException.Conflict(e.getMessage());
    }
    contents.deleteProfile(p.name());
    changed(p.name());
  }

  private Profile visible(Requester who, String name) {
    String n = name == null ? "" : name.strip();
    return profiles
        .find(n)
        .filter(p -> who.role(p.name()).isPresent())
        .orElseThrow(() -> new CatalogException.NotFound("no profile '" + shown(n) + "'"));
  }

  private static String memberId(String userId) {
    String u = userId == null ? "" : userId.strip().toLowerCase(Locale.ROOT);
    if (u.isEmpty()) {
      throw new CatalogException.Invalid("a member needs user: their e-mail or user name");
    }
    FieldLimits.check("member user", u, 255);
    if (!u.matches("[a-z0-9._%+\\-@]+")) {
      throw new CatalogException.Invalid(
          "member user '" + shown(u) + "' is not an e-mail or user name");
    }
    return u;
  }

  private static String problem(String name) {
    try {
      ProfileName.validate(name);
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String shown(String s) {
    String t = s.length() > 70 ? s.substring(0, 70) + "..." : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }
}
