package dev.skiff.cli;

import dev.skiff.api.v2beta1.Run;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Finds a run by its id or a unique prefix of it, as git and docker accept. */
final class RunIds {
  private RunIds() {}

  static String resolve(RunClient runs, String idOrPrefix) {
    return resolve(runs::get, runs::list, idOrPrefix);
  }

  static String resolve(CatalogClient catalog, String idOrPrefix) {
    return resolve(catalog::run, catalog::runs, idOrPrefix);
  }

  private static String resolve(
      Function<String, Optional<Run>> get, IntFunction<List<Run>> list, String idOrPrefix) {
    if (get.apply(idOrPrefix).isPresent()) {
      return idOrPrefix;
    }
    List<String> matches =
        list.apply(10_000).stream()
            .map(Run::runId)
            .filter(id -> id.startsWith(idOrPrefix))
            .toList();
    if (matches.isEmpty()) {
      throw new UsageError("no run '" + idOrPrefix + "' (see 'skiff get runs')");
    }
    if (matches.size() > 1) {
      throw new UsageError(
          "run id prefix '"
              + idOrPrefix
              + "' matches "
              + matches.size()
              + " runs; give more of it");
    }
    return matches.get(0);
  }
}
