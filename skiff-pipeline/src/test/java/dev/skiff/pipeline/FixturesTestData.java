package dev.skiff.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of Skiff's own fixtures under {@code pipelines/}. */
final class FixturesTestData {

  private FixturesTestData() {}

  /** {@code pipelines/valid/two_steps.yaml}. */
  static String twoSteps() {
    return read("/pipelines/valid/two_steps.yaml");
  }

  static String read(String resource) {
    try (InputStream in = FixturesTestData.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
