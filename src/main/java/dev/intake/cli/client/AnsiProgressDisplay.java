package dev.intake.cli.client;

import java.io.PrintWriter;
import java.util.List;

/**
 * Live progress bars, one line per job, redrawn in place with ANSI cursor movement: the block moves
 * the cursor back to its first line and rewrites every line.
 */
final class AnsiProgressDisplay implements ProgressDisplay {
  private static final int BAR_WIDTH = 30;
  private static final int MAX_LABEL = 32;

  private final PrintWriter out;
  private List<String> drawn = List.of();

  AnsiProgressDisplay(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void show(List<Item> items) {
    List<String> lines = render(items);
    if (lines.equals(drawn)) {
      return;
    }
    out.print(redraw(drawn.size(), lines));
    out.flush();
    drawn = lines;
  }

  static List<String> render(List<Item> items) {
    int width = 1;
    for (Item i : items) {
      width = Math.max(width, Math.min(MAX_LABEL, i.label().codePointCount(0, i.label().length())));
    }
    int labelWidth = width;
    return items.stream()
        .map(i -> JobProgress.line(i.label(), labelWidth, i.job(), BAR_WIDTH))
        .toList();
  }

  /** Escape codes: CSI n F = up n lines to column 1; CSI 2K = erase the line. */
  static String redraw(int previousLines, List<String> lines) {
    StringBuilder s = new StringBuilder();
    if (previousLines > 0) {
      s.append("\033[").append(previousLines).append('F');
    }
    for (String line : lines) {
      s.append("\033[2K").append(line).append('\n');
    }
    return s.toString();
  }
}
