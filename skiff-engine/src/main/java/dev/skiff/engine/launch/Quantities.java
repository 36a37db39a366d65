package dev.skiff.engine.launch;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 2}, {@code 1.5Gi}, {@code 512M}, {@code
 * 1e3}), as the IR's resource strings carry them.
 */
public final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)\\s*(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|K|M|G|T|P|E)?");

  private Quantities() {}

  /**
   * The value of a quantity in base units (cores, bytes).
   *
   * @throws IllegalArgumentException naming the text when it is not a quantity
   */
  public static double parse(String text) {
    String t = text.trim();
    Matcher m = QUANTITY.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity");
    }
    BigDecimal number;
    try {
      number = new BigDecimal(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity");
    }
    String suffix = m.group(2) == null ? "" : m.group(2);
    double factor =
        switch (suffix) {
          case "" -> 1;
          case "n" -> 1e-9;
          case "u" -> 1e-6;
          case "m" -> 1e-3;
          case "k", "K" -> 1e3;
          case "M" -> 1e6;
          case "G" -> 1e9;
          case "T" -> 1e12;
          case "P" -> 1e15;
          case "E" -> 1e18;
          case "Ki" -> 1024d;
          case "Mi" -> Math.pow(1024, 2);
          case "Gi" -> Math.pow(1024, 3);
          case "Ti" -> Math.pow(1024, 4);
          case "Pi" -> Math.pow(1024, 5);
          case "Ei" -> Math.pow(1024, 6);
          default -> throw new IllegalArgumentException("'" + text + "': unknown suffix");
        };
    return number.doubleValue() * factor;
  }

  /** CPU cores from a quantity ({@code 500m} = 0.5). */
  public static double cpus(String text) {
    return parse(text);
  }

  /** Bytes from a quantity ({@code 1.5Gi} = 1610612736), rounded up. */
  public static long bytes(String text) {
    return (long) Math.ceil(parse(text));
  }
}
