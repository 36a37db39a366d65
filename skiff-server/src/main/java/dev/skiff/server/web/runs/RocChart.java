package dev.skiff.server.web.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ROC chart drawn as SVG on the server ({@code runs/roc.jte}): one polyline per curve over the
 * unit square, the chance diagonal, axes with ticks and labels, and a legend. Coordinates are
 * computed here; the template only writes them out (escaped like any other text).
 *
 * @param title the chart's accessible title
 * @param curves the curves, each with its colour
 * @param ticks the ticks of both axes (0 to 1)
 */
public record RocChart(String title, List<Curve> curves, List<Tick> ticks) {
  /** The SVG's width and height (user units). */
  public static final int SIZE = 340;

  static final int LEFT = 52;
  static final int TOP = 14;
  static final int PLOT = SIZE - LEFT - 14;

  /** Colours of the curves, in order (distinct for people with common colour blindness). */
  static final List<String> PALETTE =
      List.of(
          "#1f5fa8", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#7f3c8d",
          "#11a579", "#a5aa99");

  /** Copies the lists. */
  public RocChart {
    curves = List.copyOf(curves);
    ticks = List.copyOf(ticks);
  }

  /**
   * One curve.
   *
   * @param label its legend text
   * @param points the polyline's {@code points} attribute
   * @param color its stroke colour
   * @param count how many points it has
   */
  public record Curve(String label, String points, String color, int count) {}

  /**
   * One tick: its value's label and its position on each axis.
   *
   * @param x the x coordinate of the tick on the horizontal axis
   * @param y the y coordinate of the tick on the vertical axis
   */
  public record Tick(String label, double x, double y) {}

  /** A labelled curve to draw. */
  public record Input(String label, List<MetricsReport.RocPoint> points) {}

  /** The chart of curves (sorted by false positive rate, as a ROC curve is read). */
  public static RocChart of(String title, List<Input> inputs) {
    List<Curve> curves = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      List<MetricsReport.RocPoint> sorted =
          in.points().stream()
              .sorted(
                  java.util.Comparator.comparingDouble(MetricsReport.RocPoint::fpr)
                      .thenComparingDouble(MetricsReport.RocPoint::tpr))
              .toList();
      StringBuilder pts = new StringBuilder();
      for (MetricsReport.RocPoint p : sorted) {
        if (!pts.isEmpty()) {
          pts.append(' ');
        }
        pts.append(fmt(x(p.fpr()))).append(',').append(fmt(y(p.tpr())));
      }
      curves.add(
          new Curve(in.label(), pts.toString(), PALETTE.get(i % PALETTE.size()), sorted.size()));
    }
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      double v = i / 4.0;
      ticks.add(new Tick(MetricsReport.number(v), x(v), y(v)));
    }
    return new RocChart(title, curves, ticks);
  }

  /** The horizontal position of a false positive rate. */
  static double x(double fpr) {
    return LEFT + fpr * PLOT;
  }

  /** The vertical position of a true positive rate. */
  static double y(double tpr) {
    return TOP + (1 - tpr) * PLOT;
  }

  /** The left edge of the plot. */
  public int left() {
    return LEFT;
  }

  /** The top edge of the plot. */
  public int top() {
    return TOP;
  }

  /** The right edge of the plot. */
  public int right() {
    return LEFT + PLOT;
  }

  /** The bottom edge of the plot. */
  public int bottom() {
    return TOP + PLOT;
  }

  /** The chart's height with its axis labels. */
  public int height() {
    return SIZE + 10;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
