package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The image Jib builds from skiff-cli's pom keeps the contracts the rest of Skiff relies on: the
 * step launcher's class path ({@link PodContract#IMAGE_CLASSPATH}), the server by default on its
 * default port, a non-root user with a writable {@code SKIFF_HOME}, and no Jib in the normal build.
 * Read from the pom itself (the image cannot be built here: no registry, no Docker engine).
 */
class ImageDefinitionTest {
  private static final String JIB = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']";
  private static final XPath XPATH = XPathFactory.newInstance().newXPath();
  private static Document cliPom;
  private static Document rootPom;

  @BeforeAll
  static void readPoms() throws Exception {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    cliPom = parse(module.resolve("pom.xml"));
    rootPom = parse(module.resolve("../pom.xml"));
  }

  @Test
  void the_launchers_class_path_names_jibs_exploded_layout_under_the_app_root() {
    String appRoot = text(cliPom, JIB + "/configuration/container/appRoot");
    assertThat(appRoot + "/resources:" + appRoot + "/classes:" + appRoot + "/libs/*")
        .isEqualTo(PodContract.IMAGE_CLASSPATH);
    assertThat(text(cliPom, JIB + "/configuration/containerizingMode")).isEqualTo("exploded");
  }

  @Test
  void the_image_runs_the_server_on_its_default_port() {
    assertThat(text(cliPom, JIB + "/configuration/container/mainClass"))
        .isEqualTo(Main.class.getName());
    assertThat(texts(cliPom, JIB + "/configuration/container/args/arg")).containsExactly("server");
    assertThat(texts(cliPom, JIB + "/configuration/container/ports/port"))
        .containsExactly(Integer.toString(ConfigLoader.DEFAULT_PORT));
    assertThat(texts(cliPom, JIB + "/configuration/container/jvmFlags/jvmFlag"))
        .contains("-XX:MaxRAMPercentage=75");
  }

  @Test
  void the_image_runs_as_a_non_root_user_that_can_write_skiff_home() {
    Matcher user =
        Pattern.compile("(\\d+):(\\d+)")
            .matcher(text(cliPom, JIB + "/configuration/container/user"));
    assertThat(user.matches()).as("user is numeric uid:gid").isTrue();
    assertThat(Integer.parseInt(user.group(1))).as("uid").isNotZero();
    String home = text(cliPom, JIB + "/configuration/container/environment/SKIFF_HOME");
    assertThat(home).isEqualTo("/var/lib/skiff");
    // The folder is root:root in the image (Jib sets no owner): group 0 and mode 775 make it the
    // user's to write.
    assertThat(user.group(2)).isEqualTo("0");
    String permission =
        JIB + "/configuration/extraDirectories/permissions/permission[file='" + home + "']/mode";
    assertThat(text(cliPom, permission)).isEqualTo("775");
  }

  @Test
  void the_base_image_is_a_jre_21_or_newer() {
    Matcher base =
        Pattern.compile("eclipse-temurin:(\\d+)-jre.*")
            .matcher(text(cliPom, "/project/properties/skiff.image.base"));
    assertThat(base.matches()).isTrue();
    assertThat(Integer.parseInt(base.group(1))).isGreaterThanOrEqualTo(21);
    assertThat(text(cliPom, JIB + "/configuration/from/image")).isEqualTo("${skiff.image.base}");
    assertThat(text(cliPom, JIB + "/configuration/to/image")).isEqualTo("${image}");
  }

  @Test
  void jib_never_runs_in_the_normal_build_and_upstream_modules_skip_it() {
    assertThat(nodes(cliPom, JIB + "/executions").getLength()).isZero();
    assertThat(text(cliPom, JIB + "/configuration/skip")).isEqualTo("false");
    String managed =
        "/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/version";
    assertThat(text(rootPom, managed)).isEqualTo("${jib-maven-plugin.version}");
    assertThat(text(rootPom, "/project/properties/jib-maven-plugin.version")).isEqualTo("3.5.2");
    String declared = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']";
    assertThat(text(rootPom, declared + "/configuration/skip")).isEqualTo("true");
    assertThat(nodes(rootPom, declared + "/executions").getLength()).isZero();
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false); // plain element names in the XPath expressions
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  private static NodeList nodes(Document pom, String path) {
    try {
      return (NodeList) XPATH.evaluate(path, pom, XPathConstants.NODESET);
    } catch (javax.xml.xpath.XPathExpressionException e) {
      throw new IllegalArgumentException(path, e);
    }
  }

  private static List<String> texts(Document pom, String path) {
    NodeList found = nodes(pom, path);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < found.getLength(); i++) {
      Node node = found.item(i);
      values.add(node.getTextContent().trim());
    }
    return values;
  }

  private static String text(Document pom, String path) {
    List<String> values = texts(pom, path);
    assertThat(values).as(path).hasSize(1);
    return values.get(0);
  }
}
