package dev.skiff.kubernetes.launcher;

import dev.skiff.store.artifact.ArtifactStore;
import dev.skiff.store.artifact.S3Settings;
import dev.skiff.testkit.S3MockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A real S3 server on loopback (S3Mock, a process) and Skiff's store on it, for one test class. */
final class S3Fixture implements AutoCloseable {
  static final String BUCKET = "skiff";

  final S3MockServer server;
  final S3Settings settings;
  final ArtifactStore store;

  S3Fixture(Path dir) throws IOException {
    server = S3MockServer.start(dir.resolve("s3"), BUCKET);
    settings =
        new S3Settings(
            Optional.of(server.endpoint()),
            "us-east-1",
            BUCKET,
            "runs",
            true,
            Optional.of("test"),
            Optional.of("test-secret"),
            S3Settings.DEFAULT_SCHEMES);
    store = settings.open(dir.resolve("home"));
  }

  /** Stores a one-file artifact and returns its URI. */
  String put(Path scratch, String key, String text) throws IOException {
    Path file = Files.createTempFile(scratch, "in", ".txt");
    Files.writeString(file, text);
    String uri = "s3://" + BUCKET + "/" + key;
    store.upload(file, uri);
    return uri;
  }

  /** The text of a one-file artifact. */
  String text(String uri) throws IOException {
    try (InputStream in = store.open(uri)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    store.close();
    server.close();
  }
}
