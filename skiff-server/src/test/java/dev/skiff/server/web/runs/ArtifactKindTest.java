package dev.skiff.server.web.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.model.ArtifactType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArtifactKindTest {
  private static RuntimeArtifact artifact(String schema, String uri) {
    return RuntimeArtifact.of("out", ArtifactType.of(schema, "0.0.1"), uri);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void images_are_recognized_by_their_signature_never_by_name() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    assertThat(ArtifactPreview.kind(artifact("system.Artifact", "file:///x/out"), png))
        .isEqualTo(ArtifactPreview.Kind.IMAGE);
    assertThat(ArtifactPreview.imageType(png)).isEqualTo("image/png");
    byte[] svg = utf8("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
    assertThat(ArtifactPreview.imageType(svg)).isNull();
    assertThat(ArtifactPreview.kind(artifact("system.Artifact", "file:///x/pic.png"), svg))
        .isEqualTo(ArtifactPreview.Kind.TEXT);
  }

  @Test
  void html_markdown_csv_text_and_binary() {
    assertThat(ArtifactPreview.kind(artifact("system.HTML", "file:///x/out"), utf8("<p>hi")))
        .isEqualTo(ArtifactPreview.Kind.HTML);
    assertThat(ArtifactPreview.kind(artifact("system.Markdown", "file:///x/out"), utf8("# hi")))
        .isEqualTo(ArtifactPreview.Kind.MARKDOWN);
    assertThat(
            ArtifactPreview.kind(
                artifact("system.Dataset", "file:///x/out"), utf8("a,b\n1,2\n3,4\n")))
        .isEqualTo(ArtifactPreview.Kind.CSV);
    assertThat(ArtifactPreview.kind(artifact("system.Dataset", "file:///x/t.csv"), utf8("one\n")))
        .isEqualTo(ArtifactPreview.Kind.CSV);
    assertThat(
            ArtifactPreview.kind(
                artifact("system.Dataset", "file:///x/out"), utf8("hello\nworld\n")))
        .isEqualTo(ArtifactPreview.Kind.TEXT);
    assertThat(
            ArtifactPreview.kind(artifact("system.Model", "file:///x/out"), new byte[] {1, 0, 2}))
        .isEqualTo(ArtifactPreview.Kind.BINARY);
    assertThat(ArtifactPreview.kind(artifact("system.Model", "file:///x/out"), new byte[0]))
        .isEqualTo(ArtifactPreview.Kind.EMPTY);
  }

  @Test
  void markdown_documents_escape_raw_html() {
    String doc =
        MarkdownDocument.render(
            "# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))", "<n>");
    assertThat(doc).contains("<h1>T</h1>").contains("&lt;script&gt;").doesNotContain("<script>");
    assertThat(doc).doesNotContain("javascript:").contains("<title>&lt;n&gt;</title>");
  }
}
