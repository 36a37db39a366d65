package dev.skiff.deploy.gke;

/** A bash script being written: numbered, commented steps of commands. */
final class ScriptText {
  private final StringBuilder b = new StringBuilder();
  private int steps;

  /** Appends {@code line} and a newline. */
  ScriptText line(String line) {
    b.append(line).append('\n');
    return this;
  }

  /** Appends a comment line ({@code # text}). */
  ScriptText comment(String text) {
    return line(text.isEmpty() ? "#" : "# " + text);
  }

  /** Starts the next numbered step: a blank line, its comments, and a progress line it prints. */
  ScriptText step(String title, String... why) {
    steps++;
    line("");
    comment("--- " + steps + ". " + title + " ---");
    for (String w : why) {
      comment(w);
    }
    return line("step \"" + steps + ". " + title.replace("\"", "'") + "\"");
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
