package dev.skiff.server;

import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.Database;
import dev.skiff.store.Profile;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The one-machine bootstrap that {@code skiff up} performs after the server starts: a profile for
 * the local user (idempotent), and the bundled example pipelines stored in it the first time only
 * (a setting records that, so examples the user deletes do not come back).
 */
public final class LocalSetup {

  /**
   * What the bootstrap did.
   *
   * @param profile the local user's profile name
   * @param profileCreated whether this run created it
   * @param examplesLoaded how many example pipelines this run stored (0 after the first run)
   */
  public record Result(String profile, boolean profileCreated, int examplesLoaded) {}

  private LocalSetup() {}

  /** The setting that records that the examples were loaded once. */
  static final String EXAMPLES_LOADED = "examples.loaded";

  /** Ensures the local user's profile exists and loads the examples on the first run. */
  public static Result run(Database database, String localUser) {
    String owner = localUser == null || localUser.isBlank() ? "user" : localUser;
    String profile = profileNameFor(owner);
    boolean created =
        database
            .profiles()
            .createIfAbsent(
                new Profile(profile, owner, "Default profile of " + owner, Instant.now()));
    int examples = 0;
    if (database.settings().get(EXAMPLES_LOADED).isEmpty()) {
      examples = loadExamples(database, profile);
      database.settings().putIfAbsent(EXAMPLES_LOADED, Instant.now().toString());
    }
    return new Result(profile, created, examples);
  }

  private static int loadExamples(Database database, String profile) {
    int stored = 0;
    for (ExamplePipelines.Example example : ExamplePipelines.load()) {
      if (database.pipelines().findByName(profile, example.name()).isPresent()) {
        continue;
      }
      Instant now = Instant.now();
      StoredPipeline pipeline =
          new StoredPipeline(
              UUID.randomUUID().toString(),
              profile,
              example.name(),
              example.name(),
              example.description(),
              now);
      try {
        database
            .pipelines()
            .create(
                pipeline,
                new StoredPipelineVersion(
                    UUID.randomUUID().toString(),
                    pipeline.id(),
                    example.name(),
                    example.description(),
                    example.spec(),
                    now));
        stored++;
      } catch (AlreadyExistsException e) {
        // another `skiff up` on the same database stored it first: fine
      }
    }
    return stored;
  }

  /**
   * A Kubernetes-style profile (namespace) name for a user name, as Kubeflow's registration flow
   * derives one from an email: the local part, lowercased, other characters replaced by '-'.
   */
  public static String profileNameFor(String user) {
    String local = user.contains("@") ? user.substring(0, user.indexOf('@')) : user;
    String name =
        local.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (name.length() > 63) {
      name = name.substring(0, 63).replaceAll("-+$", "");
    }
    return name.isEmpty() ? "default" : name;
  }
}
