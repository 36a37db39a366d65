package dev.skiff.deploy.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeployValuesTest {
  private static final String MINIMAL =
      """
      image: skiff:1
      artifacts:
        bucket: b1
      auth:
        mode: proxy
        proxy:
          trustedAddresses: [10.0.0.1, 10.0.0.2]
      """;

  @Test
  void a_minimal_file_gets_every_default() {
    DeployValues v = DeployValues.parse("values.yaml", MINIMAL);
    assertThat(v.name()).isEqualTo("skiff");
    assertThat(v.namespace()).isEqualTo("skiff");
    assertThat(v.replicas()).isEqualTo(2);
    assertThat(v.port()).isEqualTo(8080);
    assertThat(v.serverResources())
        .isEqualTo(new DeployValues.Resources("300m", "512Mi", "1", "1Gi"));
    assertThat(v.database()).isInstanceOf(DeployValues.InClusterPostgres.class);
    assertThat(v.database().passwordSecret()).isEqualTo("skiff-db");
    assertThat(v.postgres().orElseThrow().image()).isEqualTo("postgres:17");
    assertThat(v.auth().proxyTrustedAddresses()).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(v.exposure().type()).isEqualTo("none");
    assertThat(v.kubernetes().serviceAccount()).isEqualTo("default-editor");
    assertThat(v.networkPolicy()).isTrue();
    assertThat(v.withName("ml").name()).isEqualTo("ml");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown top key  | colour: blue                        | values.yaml:8: unknown key 'colour'
          unknown nested   | auth: {oidc: {secret: x}}           | values.yaml:8: unknown key 'auth.oidc.secret'
          bad replicas     | replicas: two                       | values.yaml:8: replicas: must be a whole number from 1 to 20, got 'two'
          bad quantity     | server: {resources: {requests: {cpu: lots}}} | values.yaml:8: server.resources.requests.cpu: must be a Kubernetes quantity
          bad enum         | exposure: {type: nodeport}          | values.yaml:8: exposure.type: must be one of none, ingress, gateway, got 'nodeport'
          host missing     | exposure: {type: ingress}           | values.yaml: exposure.host: is required with exposure.type: ingress
          list misplaced   | namespace: [a, b]                   | values.yaml:8: namespace: expected a single value, not a list
          mapping misplaced| image: {repo: x}                    | values.yaml:8: image: expected a value, not a mapping
          bad accelerator  | kubernetes: {accelerators: [K80]}   | values.yaml:8: kubernetes.accelerators: unknown accelerator type 'K80'
          external no url  | database: {type: external}          | values.yaml: database.url: is required with database.type: external
          cert w/o ingress | exposure: {tls: {managedCertificate: true}} | values.yaml:8: exposure.tls.managedCertificate: needs exposure.type: ingress
          """)
  void a_bad_value_is_one_line_naming_file_line_and_key(String what, String line, String error) {
    assertThatThrownBy(() -> DeployValues.parse("values.yaml", MINIMAL + line + "\n"))
        .isInstanceOf(ValuesException.class)
        .hasMessageStartingWith(error)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void the_image_and_the_auth_mode_are_required_and_local_sign_in_is_refused() {
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", "artifacts: {bucket: b1}\n"))
        .hasMessage("v.yaml: image is required: " + ValueKeys.find("image").get().description());
    assertThatThrownBy(
            () ->
                DeployValues.parse(
                    "v.yaml", "image: skiff:1\nartifacts: {bucket: b1}\nauth: {mode: local}\n"))
        .hasMessageStartingWith("v.yaml:3: auth.mode: must be oidc, iap or proxy");
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", "image: skiff\n"))
        .hasMessageStartingWith("v.yaml:1: image: must be repository:tag");
    assertThatThrownBy(
            () ->
                DeployValues.parse(
                    "v.yaml", "image: skiff:1\nartifacts: {bucket: b1}\nauth: {mode: iap}\n"))
        .hasMessageStartingWith("v.yaml: auth.iap.audience: is required with auth.mode: iap");
  }

  @Test
  void broken_yaml_and_a_missing_file_are_one_line_too(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", "image: [\n"))
        .hasMessageStartingWith("v.yaml:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", MINIMAL + "image: skiff:2\n"))
        .hasMessage("v.yaml:8: image: set twice (first on line 1)");
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", MINIMAL + "---\nimage: skiff:2\n"))
        .hasMessageStartingWith("v.yaml:9: one YAML document expected");
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", "- a\n- b\n"))
        .hasMessage("v.yaml:1: expected a mapping of values");
    assertThatThrownBy(() -> DeployValues.read(dir.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml: cannot read values file");
    Path f = dir.resolve("values.yaml");
    Files.writeString(f, MINIMAL);
    assertThat(DeployValues.read(f).image()).isEqualTo("skiff:1");
    assertThatThrownBy(() -> DeployValues.parse("v.yaml", MINIMAL).withName("Bad_Name"))
        .hasMessageStartingWith("--name: must be a lower-case name");
  }

  @Test
  void every_key_is_in_the_table_once() {
    assertThat(ValueKeys.ALL).extracting(ValueKeys.Key::name).doesNotHaveDuplicates();
    String table = ValueKeys.markdownTable();
    ValueKeys.ALL.forEach(k -> assertThat(table).contains("| `" + k.name() + "` |"));
  }
}
