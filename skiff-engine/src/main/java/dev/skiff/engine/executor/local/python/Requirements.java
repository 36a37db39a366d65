package dev.skiff.engine.executor.local.python;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From a pip requirement ({@code packages_to_install} entry) to the module that proves it is
 * installed. Version specifiers and extras are dropped: Skiff checks that the package is
 * importable, not which version (pip would have upgraded or downgraded; an offline host cannot).
 */
final class Requirements {
  private static final Pattern NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");

  /** Distributions whose import name differs from the normalised distribution name. */
  private static final Map<String, String> MODULES =
      Map.ofEntries(
          Map.entry("scikit-learn", "sklearn"),
          Map.entry("sklearn", "sklearn"),
          Map.entry("scikit-image", "skimage"),
          Map.entry("pillow", "PIL"),
          Map.entry("pyyaml", "yaml"),
          Map.entry("opencv-python", "cv2"),
          Map.entry("opencv-python-headless", "cv2"),
          Map.entry("opencv-contrib-python", "cv2"),
          Map.entry("beautifulsoup4", "bs4"),
          Map.entry("python-dateutil", "dateutil"),
          Map.entry("python-dotenv", "dotenv"),
          Map.entry("protobuf", "google.protobuf"),
          Map.entry("pyjwt", "jwt"),
          Map.entry("psycopg2-binary", "psycopg2"),
          Map.entry("psycopg-binary", "psycopg"),
          Map.entry("pymupdf", "fitz"),
          Map.entry("faiss-cpu", "faiss"),
          Map.entry("faiss-gpu", "faiss"),
          Map.entry("tensorflow-cpu", "tensorflow"),
          Map.entry("tensorflow-gpu", "tensorflow"),
          Map.entry("attrs", "attr"),
          Map.entry("msgpack-python", "msgpack"),
          Map.entry("kfp-kubernetes", "kfp.kubernetes"),
          Map.entry("kfp-pipeline-spec", "kfp.pipeline_spec"),
          Map.entry("google-cloud-storage", "google.cloud.storage"),
          Map.entry("google-cloud-aiplatform", "google.cloud.aiplatform"),
          Map.entry("google-cloud-bigquery", "google.cloud.bigquery"),
          Map.entry("google-cloud-pipeline-components", "google_cloud_pipeline_components"),
          Map.entry("aiplatform", "google.cloud.aiplatform"),
          Map.entry("ipykernel", "ipykernel"),
          Map.entry("jupyter-client", "jupyter_client"),
          Map.entry("setuptools", "setuptools"));

  private Requirements() {}

  /**
   * The module to look for, or empty when the requirement cannot be checked offline (a URL, a path,
   * a VCS link): such a requirement counts as missing.
   */
  static Optional<String> module(String requirement) {
    String r = requirement.strip();
    if (r.contains("://") || r.startsWith(".") || r.startsWith("/") || r.startsWith("-")) {
      return Optional.empty();
    }
    Matcher m = NAME.matcher(r);
    if (!m.find()) {
      return Optional.empty();
    }
    String name = m.group(1);
    String normal = name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    String mapped = MODULES.get(normal);
    return Optional.of(mapped != null ? mapped : normal.replace('-', '_'));
  }

  /** The environment marker after {@code ;} ({@code python_version < "3.9"}), if any. */
  static Optional<String> marker(String requirement) {
    int semi = requirement.indexOf(';');
    if (semi < 0 || requirement.contains("://")) {
      return Optional.empty();
    }
    String m = requirement.substring(semi + 1).strip();
    return m.isEmpty() ? Optional.empty() : Optional.of(m);
  }
}
