package dev.skiff.engine.catalog;

import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.CatalogFields;
import dev.skiff.store.PipelineRepository;
import dev.skiff.store.Profile;
import dev.skiff.store.ProfileName;
import dev.skiff.store.ProfileRepository;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Pipelines and their versions (KFP's PipelineService and upload endpoints): every version's file
 * is parsed and validated before it is stored, so that a stored version always runs; the file is
 * kept as sent.
 */
public final class PipelineCatalog {
  private static final Sort DEFAULT_ORDER = new Sort("created_at", false);

  private final PipelineRepository repo;
  private final ProfileRepository profiles;
  private final Lists lists;
  private final PipelineFiles files;
  private final Clock clock;

  PipelineCatalog(
      PipelineRepository repo,
      ProfileRepository profiles,
      Lists lists,
      PipelineFiles files,
      Clock clock) {
    this.repo = repo;
    this.profiles = profiles;
    this.lists = lists;
    this.files = files;
    this.clock = clock;
  }

  /**
   * A new pipeline's fields (KFP's {@code Pipeline} as sent).
   *
   * @param name its unique name in the profile; empty means the display name
   * @param displayName the name shown; empty means the name
   * @param description free text
   * @param namespace KFP's namespace: empty or the caller's profile
   */
  public record NewPipeline(String name, String displayName, String description, String namespace) {
    public NewPipeline {
      name = name == null ? "" : name.strip();
      displayName = displayName == null ? "" : displayName.strip();
      description = description == null ? "" : description;
    }
  }

  /**
   * A new version's fields (KFP's {@code PipelineVersion} as sent).
   *
   * @param name unique within the pipeline; empty means the display name, else a generated one
   * @param displayName the name shown; empty means the name
   * @param description free text
   * @param codeSourceUrl where the source code is, or empty
   * @param source the file
   */
  public record NewVersion(
      String name,
      String displayName,
      String description,
      String codeSourceUrl,
      PipelineSource source) {
    public NewVersion {
      name = name == null ? "" : name.strip();
      displayName = displayName == null ? "" : displayName.strip();
      description = description == null ? "" : description;
      codeSourceUrl = codeSourceUrl == null ? "" : codeSourceUrl;
    }
  }

  /**
   * A pipeline with the version just made.
   *
   * @param pipeline the pipeline
   * @param version the version
   */
  public record Created(StoredPipeline pipeline, StoredPipelineVersion version) {}

  /**
   * Creates a pipeline without versions (KFP's {@code CreatePipeline}).
   *
   * @throws CatalogException.Invalid without a name
   * @throws dev.skiff.store.AlreadyExistsException when the profile has a pipeline of that name
   */
  public StoredPipeline create(Requester who, NewPipeline p) {
    StoredPipeline pipeline = newPipeline(who, p, "");
    repo.create(pipeline);
    return pipeline;
  }

  /**
   * Creates a pipeline with its first version in one transaction (KFP's {@code
   * CreatePipelineAndVersion}, and the upload). The file is validated first; nothing is stored when
   * it is not a valid pipeline.
   */
  public Created create(Requester who, NewPipeline p, NewVersion v) {
    ValidFile file = validFile(v.source());
    StoredPipeline pipeline = newPipeline(who, p, file.pipelineName());
    StoredPipelineVersion version = newVersion(pipeline.id(), v, file.text(), pipeline.name());
    repo.create(pipeline, version);
    return new Created(pipeline, version);
  }

  /**
   * Uploads a pipeline file as a new pipeline with its first version (KFP's {@code
   * /pipelines/upload}): the pipeline's name is {@code p}'s, else the file's name without its
   * extension (as KFP names it); the version takes the same names.
   */
  public Created upload(Requester who, byte[] file, String fileName, NewPipeline p) {
    String name = p.name().isEmpty() && p.displayName().isEmpty() ? baseName(fileName) : p.name();
    NewPipeline named = new NewPipeline(name, p.displayName(), p.description(), p.namespace());
    String versionName = named.name().isEmpty() ? named.displayName() : named.name();
    return create(
        who,
        named,
        new NewVersion(
            versionName,
            named.displayName(),
            p.description(),
            "",
            new PipelineSource.Upload(file, fileName)));
  }

  /**
   * Uploads a pipeline file as a new version of a pipeline (KFP's {@code
   * /pipelines/upload_version}); the version's name is {@code name}, else the file's name without
   * its extension.
   */
  public StoredPipelineVersion uploadVersion(
      Requester who,
      String pipelineId,
      byte[] file,
      String fileName,
      String name,
      String displayName,
      String description) {
    String versionName =
        firstNonEmpty(name, displayName).isEmpty() ? baseName(fileName) : firstNonEmpty(name);
    return createVersion(
        who,
        pipelineId,
        new NewVersion(
            versionName, displayName, description, "", new PipelineSource.Upload(file, fileName)));
  }

  private static String baseName(String fileName) {
    String base = fileName == null ? "" : fileName.substring(fileName.lastIndexOf('/') + 1);
    for (String ext : new String[] {".tar.gz", ".tgz", ".zip", ".yaml", ".yml", ".json"}) {
      if (base.toLowerCase(java.util.Locale.ROOT).endsWith(ext)) {
        return base.substring(0, base.length() - ext.length());
      }
    }
    return base;
  }

  /**
   * Adds a version (KFP's {@code CreatePipelineVersion} and {@code upload_version}).
   *
   * @throws CatalogException.NotFound when the pipeline is not the caller's
   * @throws dev.skiff.store.AlreadyExistsException when the pipeline has a version of that name
   */
  public StoredPipelineVersion createVersion(Requester who, String pipelineId, NewVersion v) {
    StoredPipeline pipeline = editable(who, pipelineId);
    String text = validFile(v.source()).text();
    StoredPipelineVersion version =
        newVersion(pipeline.id(), v, text, "version-" + Instant.now(clock).toEpochMilli());
    repo.createVersion(version);
    return version;
  }

  /**
   * The caller's pipeline.
   *
   * @throws CatalogException.NotFound when there is none or it is another profile's
   */
  public StoredPipeline get(Requester who, String id) {
    return repo.find(id)
        .filter(p -> who.owns(p.profile()))
        .orElseThrow(() -> new CatalogException.NotFound("no pipeline '" + id + "'"));
  }

  /** The caller's pipeline, which they may change. */
  private StoredPipeline editable(Requester who, String id) {
    StoredPipeline p = get(who, id);
    who.require(p.profile(), dev.skiff.store.identity.ProfileRole.EDIT);
    return p;
  }

  /**
   * The caller's pipeline of this name (KFP's {@code GetPipelineByName}).
   *
   * @throws CatalogException.NotFound when there is none
   */
  public StoredPipeline getByName(Requester who, String namespace, String name) {
    String profile = who.namespace(namespace);
    return repo.findByName(profile, name)
        .orElseThrow(() -> new CatalogException.NotFound("no pipeline named '" + name + "'"));
  }

  /** One page of the caller's pipelines. */
  public CatalogPage<StoredPipeline> list(Requester who, String namespace, ListRequest request) {
    Scope scope = Scope.where("profile", who.namespace(namespace));
    return lists.page(CatalogFields.PIPELINES, DEFAULT_ORDER, request, q -> repo.list(scope, q));
  }

  /**
   * Deletes a pipeline. With {@code cascade} its versions go with it; without, a pipeline that has
   * versions stays (KFP's {@code cascade=false}).
   *
   * @throws CatalogException.Conflict when it has versions and {@code cascade} is false
   */
  public void delete(Requester who, String id, boolean cascade) {
    StoredPipeline p = editable(who, id);
    if (!cascade && repo.latestVersion(p.id()).isPresent()) {
      throw new CatalogException.Conflict(
          "pipeline '" + id + "' has versions: delete them first, or delete with cascade=true");
    }
    repo.delete(p.id());
  }

  /**
   * A version of the caller's pipeline, with its file.
   *
   * @throws CatalogException.NotFound when either is unknown or not the caller's
   */
  public StoredPipelineVersion getVersion(Requester who, String pipelineId, String versionId) {
    StoredPipeline p = get(who, pipelineId);
    return repo.findVersion(versionId)
        .filter(v -> v.pipelineId().equals(p.id()))
        .orElseThrow(
            () ->
                new CatalogException.NotFound(
                    "no version '" + versionId + "' of pipeline '" + pipelineId + "'"));
  }

  /**
   * The version a run of {@code pipelineId} uses: {@code versionId}, or the newest when empty.
   *
   * @throws CatalogException.NotFound when there is none
   */
  public StoredPipelineVersion versionToRun(Requester who, String pipelineId, String versionId) {
    if (versionId != null && !versionId.isBlank()) {
      if (pipelineId == null || pipelineId.isBlank()) {
        // KFP's deprecated pipeline_version_id: a version id alone.
        StoredPipelineVersion v =
            repo.findVersion(versionId.strip())
                .orElseThrow(
                    () -> new CatalogException.NotFound("no pipeline version '" + versionId + "'"));
        get(who, v.pipelineId());
        return v;
      }
      return getVersion(who, pipelineId, versionId.strip());
    }
    StoredPipeline p = get(who, pipelineId);
    return repo.latestVersion(p.id())
        .orElseThrow(
            () -> new CatalogException.NotFound("pipeline '" + pipelineId + "' has no versions"));
  }

  /** One page of a pipeline's versions. */
  public CatalogPage<StoredPipelineVersion> listVersions(
      Requester who, String pipelineId, ListRequest request) {
    StoredPipeline p = get(who, pipelineId);
    Scope scope = Scope.where("pipeline_id", p.id());
    return lists.page(
        CatalogFields.PIPELINE_VERSIONS, DEFAULT_ORDER, request, q -> repo.listVersions(scope, q));
  }

  /** Deletes a version. */
  public void deleteVersion(Requester who, String pipelineId, String versionId) {
    editable(who, pipelineId);
    repo.deleteVersion(getVersion(who, pipelineId, versionId).id());
  }

  /**
   * A version's file as KFP's API returns it ({@code pipeline_spec}: a JSON object).
   *
   * @throws IllegalStateException when a stored file no longer reads (it was validated when stored)
   */
  public static JsonValue.Obj spec(StoredPipelineVersion v) {
    return struct(v.spec(), "version " + v.id());
  }

  /** A stored pipeline file as a JSON object. */
  static JsonValue.Obj struct(String text, String label) {
    try {
      return PipelineParser.toStruct(text, label);
    } catch (PipelineException e) {
      throw new IllegalStateException(label + " no longer reads: " + e.getMessage(), e);
    }
  }

  /** A version's file that parsed and validated, with its {@code pipelineInfo.name}. */
  record ValidFile(String text, String pipelineName) {}

  /** The text of a version's file: read, fetched or written out, then validated. */
  ValidFile validFile(PipelineSource source) {
    String text =
        switch (source) {
          case PipelineSource.Upload u -> files.text(u.bytes(), u.fileName());
          case PipelineSource.Url u -> files.fetch(u.url());
          case PipelineSource.Struct s -> s.spec().toJson();
          case null ->
              throw new CatalogException.Invalid(
                  "a pipeline version needs its file: package_url.pipeline_url or pipeline_spec");
        };
    try {
      return new ValidFile(text, PipelineParser.parse(text, sourceName(source)).name());
    } catch (PipelineException e) {
      throw new CatalogException.Invalid(
          "not a valid pipeline: " + e.getMessage().replaceAll("\\s*\\R\\s*", "; "), e.problems());
    }
  }

  private static String sourceName(PipelineSource source) {
    return switch (source) {
      case PipelineSource.Upload u -> u.fileName();
      case PipelineSource.Url u -> u.url();
      case PipelineSource.Struct s -> "pipeline_spec";
    };
  }

  private StoredPipeline newPipeline(Requester who, NewPipeline p, String fallbackName) {
    String profile = who.writableNamespace(p.namespace());
    String name = firstNonEmpty(p.name(), p.displayName(), fallbackName);
    if (name.isEmpty()) {
      throw new CatalogException.Invalid("a pipeline needs a name or display_name");
    }
    checkName("pipeline name", name);
    String display = p.displayName().isEmpty() ? name : p.displayName();
    checkName("pipeline display_name", display);
    FieldLimits.check("pipeline description", p.description(), FieldLimits.TEXT);
    ensureProfile(who, profile);
    return new StoredPipeline(
        UUID.randomUUID().toString(), profile, name, display, p.description(), now());
  }

  private StoredPipelineVersion newVersion(
      String pipelineId, NewVersion v, String text, String fallbackName) {
    String name = firstNonEmpty(v.name(), v.displayName(), fallbackName);
    checkName("pipeline version name", name);
    String display = v.displayName().isEmpty() ? name : v.displayName();
    checkName("pipeline version display_name", display);
    FieldLimits.check("pipeline version description", v.description(), FieldLimits.TEXT);
    FieldLimits.check("pipeline version code_source_url", v.codeSourceUrl(), FieldLimits.TEXT);
    String url = v.source() instanceof PipelineSource.Url u ? u.url() : "";
    FieldLimits.check("pipeline version package_url", url, FieldLimits.TEXT);
    return new StoredPipelineVersion(
        UUID.randomUUID().toString(),
        pipelineId,
        name,
        v.description(),
        text,
        now(),
        display,
        v.codeSourceUrl(),
        url);
  }

  /** Pipelines belong to a stored profile: the caller's is created on first use. */
  private void ensureProfile(Requester who, String profile) {
    if (!ProfileName.isValid(profile)) {
      throw new CatalogException.Invalid(
          "pipelines are kept per profile, and '" + profile + "' is not a profile name");
    }
    if (profiles.find(profile).isEmpty()) {
      profiles.createIfAbsent(
          new Profile(profile, who.user().isBlank() ? profile : who.user(), "", now()));
    }
  }

  private static void checkName(String what, String name) {
    FieldLimits.check(what, name, FieldLimits.NAME);
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return "";
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
