package dev.skiff.server.web.runs;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A Markdown artifact as an HTML document for the preview's sandboxed frame. HTML written in the
 * Markdown is escaped (shown as text) and link targets other than http(s), mailto and relative ones
 * are dropped, so the document holds nothing that runs, even before the sandbox.
 */
final class MarkdownDocument {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private MarkdownDocument() {}

  /** The document of {@code markdown}, titled {@code title}. */
  static String render(String markdown, String title) {
    String body = RENDERER.render(PARSER.parse(markdown));
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title><style>body{font-family:system-ui,sans-serif;line-height:1.5;margin:1rem;"
        + "color:#1b1f24}pre,code{background:#f5f7fa}table{border-collapse:collapse}"
        + "td,th{border:1px solid #d5dbe3;padding:.2rem .4rem}</style></head><body>"
        + body
        + "</body></html>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
