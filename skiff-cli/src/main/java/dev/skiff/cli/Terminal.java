package dev.skiff.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/** The user's terminal, when a person is at one: for prompts that must not read a pipe. */
final class Terminal {
  private Terminal() {}

  /**
   * The console when standard input and output are a terminal. Since JDK 22 {@link
   * System#console()} also answers for redirected streams and {@code Console.isTerminal()} tells
   * them apart; that method is asked for by name, since Skiff is compiled for Java 21 (where a
   * console is only returned for a terminal).
   */
  static Optional<Console> interactive() {
    Console c = System.console();
    if (c == null) {
      return Optional.empty();
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(c)) ? Optional.of(c) : Optional.empty();
    } catch (NoSuchMethodException e) {
      return Optional.of(c); // Java 21: a console is a terminal
    } catch (ReflectiveOperationException e) {
      return Optional.empty();
    }
  }

  /** Asks a yes/no question at the terminal; false without one. */
  static boolean confirm(String question) {
    Optional<Console> c = interactive();
    if (c.isEmpty()) {
      return false;
    }
    String answer = c.get().readLine("%s [y/N] ", question);
    return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
  }
}
