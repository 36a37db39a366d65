package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.kubernetes.pod.PodContract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib builds the real image, offline, to a tar: {@code jib:buildTar} in a child Maven, from a base
 * image that is itself a local tar ({@code tar://}, one layer holding one file) instead of the JRE
 * from a registry; then the image's config and layers are read back. It needs the Jib plugin and
 * this project's snapshot jars in the local repository; where they cannot be resolved (an offline
 * machine that never fetched the plugin, a repository where the modules were never installed) it is
 * skipped with the reason.
 */
class ImageTarIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE_MARKER = "etc/skiff-test-base";

  @TempDir static Path work;
  private static JsonNode config;
  private static Map<String, TarArchiveEntry> entries = new HashMap<>();
  private static Map<String, byte[]> smallFiles = new HashMap<>();
  private static Set<String> launcherJars = new HashSet<>();

  @BeforeAll
  static void buildTheImageToATar() throws Exception {
    // Opt-in: the child build resolves Skiff's modules from the local repository, which holds
    // whatever was last installed there (nothing, or an older build) unless `install` ran first.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Boolean.getBoolean("skiff.image.tar"),
        "ImageTarIT builds the image with jib:buildTar from the installed modules: run"
            + " ./mvnw install -DskipTests, then ./mvnw -pl skiff-cli verify -Dskiff.image.tar=true"
            + " -Dit.test=ImageTarIT");
    Path base = writeBaseImage(work.resolve("base.tar"));
    Path out = work.resolve("skiff.tar");
    Path root = Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();
    List<String> command =
        List.of(
            root.resolve("mvnw").toString(),
            "-B",
            "-Dmaven.repo.local=" + System.getProperty("skiff.maven.repo.local"),
            "-pl",
            "skiff-cli",
            "jib:buildTar",
            "-Dskiff.image.base=tar://" + base,
            "-Dimage=skiff-image-it:test",
            "-Djib.outputPaths.tar=" + out,
            "-Djib.baseImageCache=" + work.resolve("base-cache"),
            "-Djib.applicationCache=" + work.resolve("app-cache"),
            "-Djib.disableUpdateChecks=true");
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path log = work.resolve("maven.log");
    Process maven = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("jib:buildTar finished").isTrue();
    String output = Files.readString(log);
    if (maven.exitValue() != 0) {
      assumeThat(output)
          .as(
              "jib:buildTar could not resolve the Jib plugin or Skiff's jars: %s",
              lastLines(output))
          .doesNotContain("could not be resolved", "Could not resolve dependencies");
    }
    assertThat(maven.exitValue()).as(output).isZero();
    readImage(out);
  }

  @Test
  void the_entrypoint_runs_skiffs_main_class_with_container_flags_and_server_by_default() {
    List<String> entrypoint = strings(config.path("config").path("Entrypoint"));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    assertThat(entrypoint.get(entrypoint.indexOf("-cp") + 1)).isEqualTo("@/app/jib-classpath-file");
    assertThat(entrypoint.getLast()).isEqualTo(Main.class.getName());
    assertThat(strings(config.path("config").path("Cmd"))).containsExactly("server");
  }

  @Test
  void the_image_runs_as_a_non_root_user_with_skiff_home_and_exposes_the_port() {
    JsonNode container = config.path("config");
    assertThat(container.path("User").asText()).isEqualTo("65532:0");
    assertThat(strings(container.path("Env")))
        .contains("SKIFF_HOME=/var/lib/skiff", "HOME=/var/lib/skiff");
    assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(container.path("Labels").path("org.opencontainers.image.title").asText())
        .isEqualTo("Skiff");
    TarArchiveEntry home = entries.get("var/lib/skiff/");
    assertThat(home).as("/var/lib/skiff in a layer").isNotNull();
    assertThat(home.isDirectory()).isTrue();
    assertThat(home.getMode() & 0777).isEqualTo(0775);
    assertThat(home.getLongGroupId()).isZero();
    assertThat(entries).doesNotContainKey("var/lib/skiff/.keep");
  }

  @Test
  void the_layers_hold_the_base_and_jibs_layout_that_the_launchers_class_path_names() {
    assertThat(entries).containsKey(BASE_MARKER);
    assertThat(entries).containsKey("app/classes/dev/skiff/cli/Main.class");
    assertThat(entries).containsKey("app/resources/META-INF/LICENSE");
    assertThat(launcherJars).as("jars holding " + PodContract.LAUNCHER_MAIN).hasSize(1);

    // Jib's own entrypoint and the launcher's /app/libs/* see the same jars.
    String classpath =
        new String(smallFiles.get("app/jib-classpath-file"), StandardCharsets.UTF_8).trim();
    List<String> parts = List.of(classpath.split(":"));
    assertThat(parts.subList(0, 2)).containsExactly("/app/resources", "/app/classes");
    Set<String> libs = new HashSet<>();
    for (String entry : entries.keySet()) {
      if (entry.startsWith("app/libs/") && entry.endsWith(".jar")) {
        libs.add("/" + entry);
      }
    }
    assertThat(parts.subList(2, parts.size())).containsExactlyInAnyOrderElementsOf(libs);
    assertThat(PodContract.IMAGE_CLASSPATH)
        .isEqualTo(parts.get(0) + ":" + parts.get(1) + ":/app/libs/*");
  }

  /** A Docker-save tar: manifest.json, config.json and one layer holding {@link #BASE_MARKER}. */
  private static Path writeBaseImage(Path tar) throws Exception {
    byte[] layer = tar(Map.of(BASE_MARKER, "a base image for ImageTarIT\n".getBytes()));
    String diffId =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
    byte[] imageConfig =
        JSON.writeValueAsBytes(
            Map.of(
                "architecture",
                "amd64",
                "os",
                "linux",
                "config",
                Map.of("Env", List.of("PATH=/usr/bin:/bin")),
                "rootfs",
                Map.of("type", "layers", "diff_ids", List.of(diffId))));
    byte[] manifest =
        JSON.writeValueAsBytes(
            List.of(
                Map.of(
                    "Config", "config.json",
                    "RepoTags", List.of("skiff-test-base:1"),
                    "Layers", List.of("layer.tar"))));
    Files.write(
        tar,
        tar(Map.of("manifest.json", manifest, "config.json", imageConfig, "layer.tar", layer)));
    return tar;
  }

  private static byte[] tar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        out.putArchiveEntry(entry);
        out.write(file.getValue());
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void readImage(Path tar) throws IOException {
    Map<String, byte[]> top = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        top.put(e.getName(), in.readAllBytes());
      }
    }
    JsonNode manifest = JSON.readTree(top.get("manifest.json")).get(0);
    config = JSON.readTree(top.get(manifest.path("Config").asText()));
    for (String layer : strings(manifest.path("Layers"))) {
      readLayer(new GZIPInputStream(new ByteArrayInputStream(top.get(layer))));
    }
  }

  private static void readLayer(InputStream gzipped) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(gzipped)) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), e);
        if (e.getName().equals("app/jib-classpath-file")) {
          smallFiles.put(e.getName(), in.readAllBytes());
        } else if (e.getName().startsWith("app/libs/skiff-") && holdsLauncher(in)) {
          launcherJars.add(e.getName());
        }
      }
    }
  }

  private static boolean holdsLauncher(InputStream jar) throws IOException {
    String launcherClass = PodContract.LAUNCHER_MAIN.replace('.', '/') + ".class";
    ZipInputStream zip = new ZipInputStream(jar);
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      if (e.getName().equals(launcherClass)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String lastLines(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
