package dev.skiff.server.web.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix drawn as SVG on the server ({@code runs/confusion.jte}): one square per cell,
 * shaded by its count against the largest, with the count written in it, the categories along both
 * axes ("actual" down, "predicted" across).
 *
 * @param title the chart's accessible title
 * @param labels the categories with their positions
 * @param cells the cells
 * @param width the SVG's width
 * @param height the SVG's height
 */
public record ConfusionChart(
    String title, List<Label> labels, List<Cell> cells, int width, int height) {
  static final int CELL = 48;
  static final int LEFT = 110;
  static final int TOP = 96;

  /** Copies the lists. */
  public ConfusionChart {
    labels = List.copyOf(labels);
    cells = List.copyOf(cells);
  }

  /**
   * A category: its name and where its row label ({@code rowX}, {@code rowY}) and its column label
   * ({@code colX}, {@code colY}) go.
   */
  public record Label(String name, int rowX, int rowY, int colX, int colY) {}

  /**
   * One cell.
   *
   * @param fill its shade
   * @param ink the colour of its count (light on dark shades)
   * @param text its count as shown
   * @param description what a screen reader says: actual, predicted, count
   */
  public record Cell(
      int x, int y, int size, String fill, String ink, String text, String description) {}

  /** The chart of a matrix ({@code matrix.get(actual).get(predicted)}) over {@code labels}. */
  public static ConfusionChart of(String title, List<String> labels, List<List<Double>> matrix) {
    int n = Math.max(labels.size(), matrix.size());
    double max = 0;
    for (List<Double> row : matrix) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    List<Label> ls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = i < labels.size() ? labels.get(i) : "#" + (i + 1);
      int mid = i * CELL + CELL / 2;
      ls.add(new Label(name, LEFT - 8, TOP + mid + 4, LEFT + mid, TOP - 8));
    }
    List<Cell> cells = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      List<Double> row = r < matrix.size() ? matrix.get(r) : List.of();
      for (int c = 0; c < n; c++) {
        double v = c < row.size() ? row.get(c) : 0;
        double share = max <= 0 ? 0 : v / max;
        cells.add(
            new Cell(
                LEFT + c * CELL,
                TOP + r * CELL,
                CELL,
                shade(share),
                share > 0.55 ? "#ffffff" : "#1b1f24",
                MetricsReport.number(v),
                "actual "
                    + ls.get(r).name()
                    + ", predicted "
                    + ls.get(c).name()
                    + ": "
                    + MetricsReport.number(v)));
      }
    }
    return new ConfusionChart(
        title, ls, cells, Math.max(LEFT + n * CELL + 16, 330), TOP + n * CELL + 30);
  }

  /** The middle of the chart across, for the caption. */
  public int middleX() {
    return width / 2;
  }

  /** The bottom of the matrix, for the "actual" caption. */
  public int captionY() {
    return height - 8;
  }

  /** White to the dashboard's accent blue (#1f5fa8) by {@code share} (0 to 1). */
  static String shade(double share) {
    double s = Math.max(0, Math.min(1, share));
    int r = (int) Math.round(255 + (0x1f - 255) * s);
    int g = (int) Math.round(255 + (0x5f - 255) * s);
    int b = (int) Math.round(255 + (0xa8 - 255) * s);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }
}
