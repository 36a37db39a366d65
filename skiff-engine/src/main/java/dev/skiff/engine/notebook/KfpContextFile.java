package dev.skiff.engine.notebook;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the KFP SDK's context file, {@code ~/.config/kfp/context.json}, in a notebook's workspace
 * (the server's {@code HOME}), so that {@code kfp.Client()} with no arguments calls Skiff as the
 * notebook: kfp 2.x takes the host from {@code KF_PIPELINES_ENDPOINT} but, with a host set, sends
 * no token of its own; it does send {@code client_authentication_header_name: ..._value} from this
 * file on every call, and takes the default {@code namespace} from it. The user's other keys are
 * kept; a file that is not a JSON object is replaced. Folders are made 0700, the file 0600.
 */
final class KfpContextFile {
  /** The credentials' variable naming the token file. */
  static final String TOKEN_PATH = "KF_PIPELINES_SA_TOKEN_PATH";

  private KfpContextFile() {}

  /** The file in a workspace. */
  static Path in(Path workspace) {
    return workspace.resolve(".config").resolve("kfp").resolve("context.json");
  }

  /**
   * Writes the profile and the token named by {@code credentials} (nothing when they name no token
   * file).
   *
   * @return why an existing file was replaced rather than merged into, or empty
   * @throws IOException when the token cannot be read or the file cannot be written
   */
  static Optional<String> write(Path workspace, String profile, Map<String, String> credentials)
      throws IOException {
    String tokenPath = credentials.get(TOKEN_PATH);
    if (tokenPath == null || tokenPath.isBlank()) {
      return Optional.empty();
    }
    String token = Files.readString(Path.of(tokenPath), StandardCharsets.UTF_8).strip();
    Path file = in(workspace);
    PrivateFiles.createDirectories(workspace);
    PrivateFiles.createDirectories(file.getParent());
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    Optional<String> replaced = Optional.empty();
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      try {
        if (JsonValue.parse(text) instanceof JsonValue.Obj o) {
          fields.putAll(o.fields());
        } else {
          replaced = Optional.of("it held JSON that is not an object");
        }
      } catch (IllegalArgumentException e) {
        replaced = Optional.of("it was not valid JSON (" + e.getMessage() + ")");
      }
    } else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      replaced = Optional.of("it was not a regular file"); // a link is replaced, not followed
    }
    fields.put("namespace", JsonValue.of(profile));
    fields.put("client_authentication_header_name", JsonValue.of("Authorization"));
    fields.put("client_authentication_header_value", JsonValue.of("Bearer " + token));
    PrivateFiles.writeString(file, JsonValue.struct(fields).toJson() + "\n");
    return replaced;
  }
}
