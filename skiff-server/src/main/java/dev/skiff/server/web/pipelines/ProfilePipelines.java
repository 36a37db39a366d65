package dev.skiff.server.web.pipelines;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.web.PageException;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import java.util.List;
import java.util.Optional;

/**
 * The pipelines a profile's pages show: the profile's own and the platform's {@link
 * ProfileCatalog#SHARED} ones (everyone may read and run those). A pipeline of any other profile is
 * not found from this profile's pages, even for a caller who may read it elsewhere.
 */
final class ProfilePipelines {
  /** The most versions a pipeline's page lists. */
  static final int MAX_VERSIONS = 200;

  private ProfilePipelines() {}

  /**
   * A pipeline shown in {@code profile}'s pages.
   *
   * @throws PageException 404 when it is unknown, not readable by the caller, or in another profile
   */
  static StoredPipeline get(Catalog catalog, Requester who, String profile, String pipelineId) {
    StoredPipeline p = catalog.pipelines().get(who, pipelineId);
    if (!p.profile().equals(profile) && !p.profile().equals(ProfileCatalog.SHARED)) {
      throw PageException.notFound("no pipeline '" + pipelineId + "' in profile '" + profile + "'");
    }
    return p;
  }

  /** A pipeline's versions, newest first. */
  static List<StoredPipelineVersion> versions(Catalog catalog, Requester who, String pipelineId) {
    return catalog
        .pipelines()
        .listVersions(who, pipelineId, ListRequest.of(MAX_VERSIONS, "created_at desc"))
        .items();
  }

  /** A pipeline's newest version, if it has one. */
  static Optional<StoredPipelineVersion> latest(Catalog catalog, Requester who, String pipelineId) {
    return catalog
        .pipelines()
        .listVersions(who, pipelineId, ListRequest.of(1, "created_at desc"))
        .items()
        .stream()
        .findFirst();
  }
}
