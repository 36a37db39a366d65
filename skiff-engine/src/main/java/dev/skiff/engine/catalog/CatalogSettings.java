package dev.skiff.engine.catalog;

import java.util.Locale;
import java.util.Set;

/**
 * What the catalog allows.
 *
 * @param maxPipelineBytes the largest pipeline file (or package) accepted, uploaded or fetched
 * @param packageUrlSchemes the URL schemes a pipeline version's {@code package_url} may use: some
 *     of {@code file}, {@code http}, {@code https}; empty (the default) refuses every URL, since a
 *     server that fetches what a caller names can be made to read its own files or reach inside its
 *     network
 */
public record CatalogSettings(long maxPipelineBytes, Set<String> packageUrlSchemes) {
  /** The default upload limit: KFP's 32 MiB. */
  public static final long DEFAULT_MAX_PIPELINE_BYTES = 32L * 1024 * 1024;

  /** The schemes that can be allowed. */
  public static final Set<String> SCHEMES = Set.of("file", "http", "https");

  /** 32 MiB, no package URLs. */
  public static final CatalogSettings DEFAULTS =
      new CatalogSettings(DEFAULT_MAX_PIPELINE_BYTES, Set.of());

  public CatalogSettings {
    if (maxPipelineBytes < 1) {
      throw new IllegalArgumentException("maxPipelineBytes must be positive");
    }
    packageUrlSchemes =
        Set.copyOf(packageUrlSchemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    for (String s : packageUrlSchemes) {
      if (!SCHEMES.contains(s)) {
        throw new IllegalArgumentException("unknown package URL scheme " + s);
      }
    }
  }
}
