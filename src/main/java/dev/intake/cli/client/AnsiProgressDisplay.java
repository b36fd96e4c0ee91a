package dev.intake.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Live progress bars, one line per job, redrawn in place with ANSI cursor movement: the block moves
 * the cursor back to its first line and rewrites every line.
 *
 * <p>Redrawing only works while the block fits on the screen: a line that wraps, or a block taller
 * than the terminal, would make "up n lines" land in the wrong place. So lines are cut to the
 * terminal width and at most {@link #MAX_ROWS} jobs are drawn, the unfinished ones first.
 */
final class AnsiProgressDisplay implements ProgressDisplay {
  static final int MAX_ROWS = 12;
  private static final int BAR_WIDTH = 30;
  private static final int MAX_LABEL = 32;

  private final PrintWriter out;
  private final int columns;
  private List<String> drawn = List.of();

  AnsiProgressDisplay(PrintWriter out, int columns) {
    this.out = out;
    this.columns = columns;
  }

  @Override
  public void show(List<Item> items) {
    List<String> lines = render(items, columns);
    if (lines.equals(drawn)) {
      return;
    }
    out.print(redraw(drawn.size(), lines));
    out.flush();
    drawn = lines;
  }

  static List<String> render(List<Item> items, int columns) {
    List<Item> shown = items;
    String more = null;
    if (items.size() > MAX_ROWS) {
      List<Item> ordered = new ArrayList<>();
      items.stream().filter(i -> !JobProgress.isFinished(i.job())).forEach(ordered::add);
      items.stream().filter(i -> JobProgress.isFinished(i.job())).forEach(ordered::add);
      shown = ordered.subList(0, MAX_ROWS - 1);
      long finished = items.stream().filter(i -> JobProgress.isFinished(i.job())).count();
      more =
          "… and "
              + (items.size() - shown.size())
              + " more; "
              + finished
              + " of "
              + items.size()
              + " finished";
    }
    int width = 1;
    for (Item i : shown) {
      width = Math.max(width, Math.min(MAX_LABEL, i.label().codePointCount(0, i.label().length())));
    }
    // Narrow terminals get a shorter bar, so the stage and message still fit beside it.
    int bar = Math.max(10, Math.min(BAR_WIDTH, columns - width - 34));
    List<String> lines = new ArrayList<>();
    for (Item i : shown) {
      lines.add(fit(JobProgress.line(i.label(), width, i.job(), bar), columns));
    }
    if (more != null) {
      lines.add(fit(more, columns));
    }
    return lines;
  }

  /**
   * Escape codes: CSI n F = up n lines to column 1; CSI 2K = erase the line; CSI J = erase to the
   * end of the screen, for the lines left over when the block got shorter.
   */
  static String redraw(int previousLines, List<String> lines) {
    StringBuilder s = new StringBuilder();
    if (previousLines > 0) {
      s.append("\033[").append(previousLines).append('F');
    }
    for (String line : lines) {
      s.append("\033[2K").append(line).append('\n');
    }
    if (previousLines > lines.size()) {
      s.append("\033[J");
    }
    return s.toString();
  }

  /** One column short of the width: writing the last column makes some terminals wrap. */
  static String fit(String line, int columns) {
    int max = Math.max(10, columns - 1);
    return line.codePointCount(0, line.length()) <= max
        ? line
        : line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
  }
}
