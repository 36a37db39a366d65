package dev.skiff.server.web.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.web.Pages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics read from KFP's metadata shapes, and the SVG drawn from them. */
class MetricsChartsTest {
  private static final String CLASSIFICATION =
      """
      {"confidenceMetrics": [
         {"confidenceThreshold": 0.0, "falsePositiveRate": 1.0, "recall": 1.0},
         {"confidenceThreshold": 1.0, "falsePositiveRate": 0.0, "recall": 0.0},
         {"confidenceThreshold": 0.5, "falsePositiveRate": 0.25, "recall": 0.75}],
       "confusionMatrix": {"annotationSpecs": [{"displayName": "cat"}, {"displayName": "<dog>"}],
         "rows": [{"row": [3, 1]}, {"row": [0, 4]}]}}
      """;

  private final Pages pages = new Pages();

  private static MetricsReport.Classification classification() {
    return MetricsReport.classification(
        "train", "metrics", (JsonValue.Obj) JsonText.parse(CLASSIFICATION));
  }

  @Test
  void classification_metadata_is_read_in_kfp_shape() {
    MetricsReport.Classification c = classification();
    assertThat(c.roc())
        .containsExactly(
            new MetricsReport.RocPoint(1, 1, 0),
            new MetricsReport.RocPoint(0, 0, 1),
            new MetricsReport.RocPoint(0.25, 0.75, 0.5));
    assertThat(c.labels()).containsExactly("cat", "<dog>");
    assertThat(c.matrix()).containsExactly(List.of(3.0, 1.0), List.of(0.0, 4.0));
  }

  @Test
  void roc_svg_has_axes_a_title_and_the_curve_sorted_by_false_positive_rate() {
    RocChart chart =
        RocChart.of(
            "ROC <b>", List.of(new RocChart.Input("train / metrics", classification().roc())));
    RocChart.Curve curve = chart.curves().getFirst();
    // (0,0) bottom left, (0.25,0.75), (1,1) top right of a 274-unit plot at (52,14).
    assertThat(curve.points()).isEqualTo("52.0,288.0 120.5,82.5 326.0,14.0");
    assertThat(chart.ticks())
        .extracting(RocChart.Tick::label)
        .containsExactly("0", "0.25", "0.5", "0.75", "1");

    String svg = pages.renderToString("runs/roc.jte", chart);
    assertThat(svg).contains("<svg").contains("role=\"img\"");
    assertThat(svg).contains("<title id=").contains("ROC &lt;b&gt;</title>");
    assertThat(svg).contains("False positive rate").contains("True positive rate");
    assertThat(svg).contains("<polyline class=\"roc-curve\" points=\"" + curve.points() + "\"");
    assertThat(svg).contains("train / metrics");
  }

  @Test
  void confusion_svg_shades_cells_by_count_and_escapes_labels() {
    MetricsReport.Classification c = classification();
    ConfusionChart chart = ConfusionChart.of("Confusion", c.labels(), c.matrix());
    assertThat(chart.cells()).hasSize(4);
    assertThat(chart.cells())
        .extracting(ConfusionChart.Cell::text)
        .containsExactly("3", "1", "0", "4");
    assertThat(chart.cells().get(3).fill()).isEqualTo("#1f5fa8"); // the largest count
    assertThat(chart.cells().get(2).fill()).isEqualTo("#ffffff"); // zero
    assertThat(chart.cells().get(3).ink()).isEqualTo("#ffffff");
    assertThat(chart.cells().get(1).description()).isEqualTo("actual cat, predicted <dog>: 1");

    String svg = pages.renderToString("runs/confusion.jte", chart);
    assertThat(svg).contains("&lt;dog&gt;").doesNotContain("<dog>");
    assertThat(svg).contains("<title>actual cat, predicted &lt;dog&gt;: 1</title>");
  }

  @Test
  void metrics_fragment_is_empty_without_metrics_and_has_a_table_with_them() {
    String empty =
        pages.renderToString(
            "runs/metrics.jte", MetricsFragment.model(new MetricsReport(List.of(), List.of())));
    assertThat(empty).contains("logged no metrics").doesNotContain("<svg");

    MetricsReport report =
        new MetricsReport(
            List.of(new MetricsReport.Scalar("train", "metrics", "accuracy", 0.875)),
            List.of(classification()));
    String html = pages.renderToString("runs/metrics.jte", MetricsFragment.model(report));
    assertThat(html).contains("accuracy").contains("0.875").contains("roc-curve");
    assertThat(html).contains("confusion-svg");
  }

  @Test
  void numbers_read_well() {
    assertThat(MetricsReport.number(3)).isEqualTo("3");
    assertThat(MetricsReport.number(0.1234567)).isEqualTo("0.123457");
    assertThat(MetricsReport.number(0.5)).isEqualTo("0.5");
  }

  @Test
  void compare_rows_mark_what_differs() {
    List<ComparePage.Row> rows =
        ComparePage.rows(
            List.of(Map.of("lr", "0.1", "epochs", "3"), Map.of("lr", "0.2", "epochs", "3")));
    assertThat(rows)
        .containsExactlyInAnyOrder(
            new ComparePage.Row("lr", List.of("0.1", "0.2"), true),
            new ComparePage.Row("epochs", List.of("3", "3"), false));
    List<ComparePage.Row> absent = ComparePage.rows(List.of(Map.of("a", "1"), Map.of()));
    assertThat(absent.getFirst().values()).containsExactly("1", ComparePage.ABSENT);
    assertThat(absent.getFirst().differs()).isTrue();
  }

  @Test
  void compare_takes_two_to_ten_distinct_runs() {
    assertThat(ComparePage.runIds(List.of("a,b", "c", "a"))).containsExactly("a", "b", "c");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ComparePage.runIds(List.of("a")))
        .hasMessageContaining("2 to 10");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ComparePage.runIds(List.of("1,2,3,4,5,6,7,8,9,10,11")))
        .hasMessageContaining("got 11");
  }
}
