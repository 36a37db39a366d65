package dev.skiff.bench;

/**
 * One line of the benchmark table.
 *
 * @param id benchmark id (B0, B10, ...)
 * @param what what was measured
 * @param baseline the in-run baseline's median, formatted, or "-"
 * @param platform Skiff's median, formatted
 * @param ratio platform / baseline, or "-"
 * @param anchor a published figure to compare with, or "-"
 * @param gate the pass condition, in words
 * @param pass whether the gate holds (null: report only)
 */
record Row(
    String id,
    String what,
    String baseline,
    String platform,
    String ratio,
    String anchor,
    String gate,
    Boolean pass) {

  static Row report(String id, String what, String value) {
    return new Row(id, what, "-", value, "-", "-", "report only", null);
  }

  String verdict() {
    return pass == null ? "-" : pass ? "pass" : "FAIL";
  }
}
