package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runnable skiff.jar carries Skiff's LICENSE and NOTICE (which credits the Kubeflow Pipelines
 * SDK for the bundled Python runtime) under META-INF, although the shade plugin drops and merges
 * its dependencies' copies. Runs after {@code package}, so the jar is the one just built.
 */
class SkiffJarLegalFilesIT {
  private static final Path ROOT =
      Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();

  @Test
  void skiff_jar_holds_the_repository_license_and_notice() throws IOException {
    Path jar = ROOT.resolve("skiff-cli/target/skiff.jar");
    assertThat(jar).exists();
    String license = Files.readString(ROOT.resolve("LICENSE"));
    String notice = Files.readString(ROOT.resolve("NOTICE"));
    assertThat(license).contains("Apache License", "Version 2.0, January 2004");
    assertThat(notice).contains("Skiff", "Kubeflow Pipelines SDK");
    try (JarFile skiff = new JarFile(jar.toFile())) {
      assertThat(entry(skiff, "META-INF/LICENSE")).isEqualTo(license);
      // The shade plugin merges every NOTICE into one and inserts the ASF line after the first
      // paragraph; Skiff's heading and its whole Kubeflow section are there unchanged.
      String credit = notice.substring(notice.indexOf("This product includes work derived"));
      assertThat(entry(skiff, "META-INF/NOTICE"))
          .contains(notice.substring(0, notice.indexOf('\n', notice.indexOf("Copyright"))))
          .contains(credit.strip());
    }
  }

  private static String entry(JarFile jar, String name) throws IOException {
    ZipEntry e = jar.getEntry(name);
    assertThat(e).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
