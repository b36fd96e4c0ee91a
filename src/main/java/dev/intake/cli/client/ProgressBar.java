package dev.intake.cli.client;

import java.util.Locale;

/** A text progress bar such as {@code [#############-------] 65.5%}. Pure. */
public final class ProgressBar {
  private ProgressBar() {}

  /**
   * @param percent 0 to 100; values outside are clamped (the server never sends them, but a
   *     rounding error must not draw a broken bar)
   * @param width the number of cells between the brackets
   */
  public static String render(double percent, int width) {
    double p = clamp(percent);
    int filled = (int) Math.floor(p / 100.0 * width);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + percent(p);
  }

  /**
   * Percent with one decimal, right-aligned to six characters: {@code " 0.0%"}, {@code "100.0%"}.
   */
  public static String percent(double percent) {
    return String.format(Locale.ROOT, "%5.1f%%", clamp(percent));
  }

  private static double clamp(double percent) {
    if (Double.isNaN(percent)) {
      return 0;
    }
    return Math.max(0, Math.min(100, percent));
  }
}
