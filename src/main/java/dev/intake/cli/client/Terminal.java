package dev.intake.cli.client;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether standard output is an interactive terminal, which decides between redraw and log lines.
 */
final class Terminal {
  private Terminal() {}

  static boolean isInteractive() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    // Since JDK 22 System.console() is non-null even when output is redirected; isTerminal()
    // tells the truth there. It does not exist in the Java 21 API we compile against.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only for a terminal
    }
  }

  /**
   * The terminal's width from {@code COLUMNS}, else 80. Java cannot ask the terminal itself, and
   * shells rarely export COLUMNS, so 80 is the common case and a safe one.
   */
  static int columns() {
    try {
      int n = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
      return n >= 20 ? n : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
