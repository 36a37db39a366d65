package dev.skiff.server.web.rundetail;

import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.model.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parsed pipelines for graphs, kept by what they cannot change under: a stored version (versions
 * are immutable) or a run (its inline pipeline is fixed at submission). A page watching a run asks
 * for its graph many times; the file is parsed once.
 */
final class PipelineSpecs {
  private static final Logger log = LoggerFactory.getLogger(PipelineSpecs.class);
  private static final int ENTRIES = 64;

  private final Map<String, Optional<PipelineSpec>> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<PipelineSpec>> e) {
          return size() > ENTRIES;
        }
      };

  /**
   * The pipeline kept under {@code key}, or parsed from {@code text} (read only when needed); empty
   * when it no longer parses (the graph is then drawn from the run's tasks).
   */
  Optional<PipelineSpec> get(String key, Supplier<String> text) {
    synchronized (cache) {
      Optional<PipelineSpec> known = cache.get(key);
      if (known != null) {
        return known;
      }
    }
    Optional<PipelineSpec> parsed;
    try {
      String t = text.get();
      parsed = t == null ? Optional.empty() : Optional.of(PipelineParser.parse(t, key).spec());
    } catch (PipelineException e) {
      log.warn(
          "the pipeline of {} no longer parses, drawing its tasks only: {}", key, e.getMessage());
      parsed = Optional.empty();
    }
    synchronized (cache) {
      cache.put(key, parsed);
    }
    return parsed;
  }
}
