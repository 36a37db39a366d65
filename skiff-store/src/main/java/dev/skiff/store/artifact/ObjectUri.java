package dev.skiff.store.artifact;

import java.util.Objects;

/**
 * An object-storage URI taken apart: {@code scheme://bucket/key}. The key is kept as written (KFP
 * writes keys unencoded into its URIs) and has no leading or trailing {@code /}.
 *
 * @param scheme e.g. {@code s3}, {@code gs}, {@code minio}
 * @param bucket the bucket
 * @param key the object key or folder prefix; empty for the bucket itself
 */
record ObjectUri(String scheme, String bucket, String key) {

  ObjectUri {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(bucket, "bucket");
    key = trimSlashes(key);
  }

  /**
   * Parses {@code scheme://bucket[/key]}.
   *
   * @throws IllegalArgumentException when it is not of that form or the key has {@code .} or {@code
   *     ..} segments
   */
  static ObjectUri parse(String uri) {
    int sep = uri == null ? -1 : uri.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("not an object-storage URI: '" + uri + "'");
    }
    String rest = uri.substring(sep + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("no bucket in '" + uri + "'");
    }
    checkSegments(key, uri);
    return new ObjectUri(uri.substring(0, sep), bucket, key);
  }

  /** This URI with {@code path} ({@code /}-separated, no {@code ..}) appended to the key. */
  ObjectUri resolve(String path) {
    String p = trimSlashes(path);
    checkSegments(p, path);
    return new ObjectUri(scheme, bucket, key.isEmpty() ? p : p.isEmpty() ? key : key + "/" + p);
  }

  /** The key as a folder prefix: {@code key/}, or empty for the whole bucket. */
  String folderPrefix() {
    return key.isEmpty() ? "" : key + "/";
  }

  @Override
  public String toString() {
    return scheme + "://" + bucket + (key.isEmpty() ? "" : "/" + key);
  }

  private static void checkSegments(String key, String where) {
    if (key.isEmpty()) {
      return;
    }
    for (String segment : trimSlashes(key).split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new IllegalArgumentException("'" + where + "' has a '" + segment + "' segment");
      }
    }
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }
}
