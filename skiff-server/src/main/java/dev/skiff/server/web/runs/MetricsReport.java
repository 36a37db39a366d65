package dev.skiff.server.web.runs;

import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics a run logged, read from the metadata of its output artifacts as the KFP SDK writes
 * them: {@code system.Metrics} keeps scalars as {@code {"name": number}}; {@code
 * system.ClassificationMetrics} keeps {@code confidenceMetrics} (a list of {@code
 * {confidenceThreshold, falsePositiveRate, recall}}) and {@code confusionMatrix} ({@code
 * {annotationSpecs: [{displayName}], rows: [{row: [...]}]}}).
 *
 * @param scalars every scalar metric, by task path then name
 * @param classifications every classification metrics artifact
 */
public record MetricsReport(List<Scalar> scalars, List<Classification> classifications) {
  /** Copies the lists. */
  public MetricsReport {
    scalars = List.copyOf(scalars);
    classifications = List.copyOf(classifications);
  }

  /** One scalar metric of one artifact. */
  public record Scalar(String task, String artifact, String name, double value) {
    /** The value as people read it: integers without a fraction, else up to 6 digits. */
    public String shown() {
      return MetricsReport.number(value);
    }

    /** The key that names this metric across runs: {@code task / name}. */
    public String key() {
      return task + " / " + name;
    }
  }

  /** One point of a ROC curve. */
  public record RocPoint(double fpr, double tpr, double threshold) {}

  /**
   * One {@code system.ClassificationMetrics} artifact.
   *
   * @param roc the ROC curve's points (may be empty)
   * @param labels the confusion matrix's categories (may be empty)
   * @param matrix its rows: {@code matrix.get(actual).get(predicted)}
   */
  public record Classification(
      String task,
      String artifact,
      List<RocPoint> roc,
      List<String> labels,
      List<List<Double>> matrix) {
    /** Copies the lists. */
    public Classification {
      roc = List.copyOf(roc);
      labels = List.copyOf(labels);
      matrix = matrix.stream().map(List::copyOf).toList();
    }

    /** A name for legends: {@code task / artifact}. */
    public String label() {
      return task + " / " + artifact;
    }
  }

  /** Whether the run logged no metrics. */
  public boolean isEmpty() {
    return scalars.isEmpty() && classifications.isEmpty();
  }

  /** The metrics of a run's tasks, in task path order. */
  public static MetricsReport of(RunView view) {
    List<Scalar> scalars = new ArrayList<>();
    List<Classification> classifications = new ArrayList<>();
    List<TaskRun> tasks =
        view.tasks().stream().sorted(Comparator.comparing(TaskRun::path)).toList();
    for (TaskRun t : tasks) {
      for (Map.Entry<String, List<RuntimeArtifact>> e : t.outputs().artifacts().entrySet()) {
        for (RuntimeArtifact a : e.getValue()) {
          String schema = a.type().schemaTitle();
          if (schema.equals("system.Metrics")) {
            a.metadata()
                .fields()
                .forEach(
                    (k, v) -> {
                      if (v instanceof JsonValue.Num n) {
                        scalars.add(new Scalar(t.path(), e.getKey(), k, n.value()));
                      }
                    });
          } else if (schema.equals("system.ClassificationMetrics")) {
            classifications.add(classification(t.path(), e.getKey(), a.metadata()));
          }
        }
      }
    }
    return new MetricsReport(scalars, classifications);
  }

  static Classification classification(String task, String artifact, JsonValue.Obj meta) {
    List<RocPoint> roc = new ArrayList<>();
    if (meta.get("confidenceMetrics") instanceof JsonValue.Arr points) {
      for (JsonValue p : points.items()) {
        if (p instanceof JsonValue.Obj o) {
          double fpr = num(o.get("falsePositiveRate"));
          double tpr = num(o.get("recall"));
          if (Double.isNaN(tpr)) {
            tpr = num(o.get("truePositiveRate"));
          }
          double threshold = num(o.get("confidenceThreshold"));
          if (Double.isNaN(threshold)) {
            threshold = num(o.get("threshold"));
          }
          if (!Double.isNaN(fpr) && !Double.isNaN(tpr)) {
            roc.add(new RocPoint(clamp(fpr), clamp(tpr), threshold));
          }
        }
      }
    }
    List<String> labels = new ArrayList<>();
    List<List<Double>> matrix = new ArrayList<>();
    if (meta.get("confusionMatrix") instanceof JsonValue.Obj cm) {
      if (cm.get("annotationSpecs") instanceof JsonValue.Arr specs) {
        for (JsonValue s : specs.items()) {
          labels.add(
              s instanceof JsonValue.Obj o && o.get("displayName") instanceof JsonValue.Str n
                  ? n.value()
                  : "?");
        }
      }
      if (cm.get("rows") instanceof JsonValue.Arr rows) {
        for (JsonValue r : rows.items()) {
          List<Double> cells = new ArrayList<>();
          if (r instanceof JsonValue.Obj o && o.get("row") instanceof JsonValue.Arr row) {
            for (JsonValue c : row.items()) {
              double v = num(c);
              cells.add(Double.isNaN(v) ? 0 : v);
            }
          }
          matrix.add(cells);
        }
      }
    }
    return new Classification(task, artifact, roc, labels, matrix);
  }

  private static double num(JsonValue v) {
    return v instanceof JsonValue.Num n ? n.value() : Double.NaN;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** A number as people read it: integers without a fraction, else up to 6 significant digits. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
