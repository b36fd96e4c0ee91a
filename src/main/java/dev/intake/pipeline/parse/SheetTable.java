package dev.intake.pipeline.parse;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of one sheet, written so that each row still knows its columns: the first non-empty row
 * names the columns, and every row after it becomes one line {@code "Region: North | Q1: 1,200"}.
 * Empty rows and columns are dropped; a value under a header cell that is empty is named by its
 * column letter ({@code "C: 7"}). A sheet of one row is written as that row's values.
 *
 * <p>A cell's line breaks become spaces, so that a row is one line of text.
 */
final class SheetTable {

  private static final String SEPARATOR = " | ";

  private final List<List<String>> rows = new ArrayList<>();
  private final BitSet usedColumns = new BitSet();

  /** Adds the next row; {@code cells} in column order, empty strings for empty cells. */
  void addRow(List<String> cells) {
    List<String> row = new ArrayList<>(cells.size());
    boolean empty = true;
    for (int column = 0; column < cells.size(); column++) {
      String value = normalise(cells.get(column));
      row.add(value);
      if (!value.isEmpty()) {
        usedColumns.set(column);
        empty = false;
      }
    }
    if (!empty) {
      rows.add(row);
    }
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The rows as lines of text, as the class comment says. */
  String text() {
    StringBuilder out = new StringBuilder();
    if (rows.isEmpty()) {
      return "";
    }
    List<String> header = rows.get(0);
    if (rows.size() == 1) {
      appendValues(out, header);
      return out.toString();
    }
    for (int r = 1; r < rows.size(); r++) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      appendLabelled(out, header, rows.get(r));
    }
    return out.toString();
  }

  private void appendValues(StringBuilder out, List<String> row) {
    boolean first = true;
    for (int c = usedColumns.nextSetBit(0);
        c >= 0 && c < row.size();
        c = usedColumns.nextSetBit(c + 1)) {
      if (row.get(c).isEmpty()) {
        continue;
      }
      out.append(first ? "" : SEPARATOR).append(row.get(c));
      first = false;
    }
  }

  private void appendLabelled(StringBuilder out, List<String> header, List<String> row) {
    boolean first = true;
    for (int c = usedColumns.nextSetBit(0);
        c >= 0 && c < row.size();
        c = usedColumns.nextSetBit(c + 1)) {
      String value = row.get(c);
      if (value.isEmpty()) {
        continue;
      }
      String name = c < header.size() && !header.get(c).isEmpty() ? header.get(c) : letters(c);
      out.append(first ? "" : SEPARATOR).append(name).append(": ").append(value);
      first = false;
    }
  }

  /** A spreadsheet's column letters: 0 is A, 25 is Z, 26 is AA. */
  static String letters(int column) {
    StringBuilder s = new StringBuilder();
    for (int n = column + 1; n > 0; n = (n - 1) / 26) {
      s.append((char) ('A' + (n - 1) % 26));
    }
    return s.reverse().toString();
  }

  private static String normalise(String cell) {
    return cell.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
