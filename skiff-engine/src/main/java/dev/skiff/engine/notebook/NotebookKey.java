package dev.skiff.engine.notebook;

/**
 * A notebook's identity: its profile and name. Also its key in the engine's quota ledger, beside
 * the steps' keys.
 */
record NotebookKey(String profile, String name) {
  @Override
  public String toString() {
    return "notebook " + profile + "/" + name;
  }
}
