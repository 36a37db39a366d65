package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A digest of what Skiff applied to an object, kept on the object as an annotation: when the live
 * object carries the digest of the desired one, a second deploy writes nothing and says "no
 * changes". (A hand edit of a field keeps the digest; {@code skiff deploy} then leaves it, as
 * {@code kubectl apply} leaves fields it did not set.)
 */
public final class AppliedHash {
  /** The annotation holding the digest. */
  public static final String ANNOTATION = "skiff.dev/applied-hash";

  private AppliedHash() {}

  /** The digest of {@code desired} (its own annotation left out). */
  public static String of(HasMetadata desired, KubernetesSerialization serialization) {
    HasMetadata copy = serialization.clone(desired);
    Map<String, String> annotations = copy.getMetadata().getAnnotations();
    if (annotations != null) {
      Map<String, String> without = new LinkedHashMap<>(annotations);
      without.remove(ANNOTATION);
      copy.getMetadata().setAnnotations(without.isEmpty() ? null : without);
    }
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setManagedFields(null);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(serialization.asJson(copy).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets the annotation on {@code desired} to {@code hash}. */
  public static void stamp(HasMetadata desired, String hash) {
    Map<String, String> annotations =
        desired.getMetadata().getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(desired.getMetadata().getAnnotations());
    annotations.put(ANNOTATION, hash);
    desired.getMetadata().setAnnotations(annotations);
  }

  /** Whether {@code live} carries {@code hash}. */
  public static boolean matches(HasMetadata live, String hash) {
    return live != null
        && live.getMetadata().getAnnotations() != null
        && hash.equals(live.getMetadata().getAnnotations().get(ANNOTATION));
  }
}
