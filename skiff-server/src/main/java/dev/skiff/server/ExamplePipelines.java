package dev.skiff.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The example pipeline files bundled under {@code /examples} (from the repository's examples/). */
final class ExamplePipelines {

  /**
   * One example.
   *
   * @param name {@code pipelineInfo.name}
   * @param description {@code pipelineInfo.description}, or empty
   * @param spec the file's text
   */
  record Example(String name, String description, String spec) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ExamplePipelines() {}

  /** The bundled examples, sorted by file name; empty when none are bundled. */
  static List<Example> load() {
    URL root = ExamplePipelines.class.getResource("/examples");
    if (root == null) {
      return List.of();
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = jarFileSystem(uri)) {
          return read(fs.provider().getPath(uri));
        }
      }
      return read(Path.of(uri));
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read the bundled examples: " + e.getMessage(), e);
    }
  }

  private static FileSystem jarFileSystem(URI uri) throws IOException {
    try {
      FileSystems.getFileSystem(uri);
      throw new IOException("the application jar is already open as a file system");
    } catch (FileSystemNotFoundException e) {
      return FileSystems.newFileSystem(uri, Map.of());
    }
  }

  private static List<Example> read(Path dir) throws IOException {
    List<Example> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        if (!file.getFileName().toString().endsWith(".yaml")) {
          continue;
        }
        String text = Files.readString(file);
        JsonNode info = YAML.readTree(text).path("pipelineInfo");
        String name = info.path("name").asText("");
        if (name.isEmpty()) {
          throw new IOException(file.getFileName() + " has no pipelineInfo.name");
        }
        out.add(new Example(name, info.path("description").asText(""), text));
      }
    }
    return out;
  }
}
