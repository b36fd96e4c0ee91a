package dev.intake.cli.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns: left-aligned text, right-aligned numbers, two spaces
 * between columns, no trailing blanks. Pure, so the layout is unit-tested.
 */
public final class Table {
  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = headers.clone();
    this.right = new boolean[headers.length];
  }

  /** Right-aligns the given columns (counts, percentages, durations). */
  public Table alignRight(int... columns) {
    for (int c : columns) {
      right[c] = true;
    }
    return this;
  }

  /** Adds a row; null cells print as "-", missing cells as blanks. */
  public Table row(Object... cells) {
    String[] row = new String[headers.length];
    Arrays.fill(row, "");
    for (int i = 0; i < Math.min(cells.length, row.length); i++) {
      row[i] = cells[i] == null ? "-" : oneLine(cells[i].toString());
    }
    rows.add(row);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row after the header line, each ending in a newline. */
  public String render() {
    int[] widths = new int[headers.length];
    for (int c = 0; c < headers.length; c++) {
      widths[c] = width(headers[c]);
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], width(row[c]));
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    for (String[] row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[c] - width(cells[c]));
      line.append(right[c] ? pad + cells[c] : cells[c] + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** Code points, not chars: a file name with an emoji must not shift the columns. */
  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  /** A newline inside a cell would break the grid (server messages can contain them). */
  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
