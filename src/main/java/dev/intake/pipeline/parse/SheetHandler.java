package dev.intake.pipeline.parse;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects a workbook's sheets from the XHTML Tika writes for Excel files (97-2003, 2007 on, XLSB):
 * each sheet a {@code <div class="page">} or {@code <div class="sheet">} (XLSB: a plain {@code
 * <div>} at the top level) with its name in an {@code <h1>} and its cells in a table. Each sheet
 * becomes one page: its name, then its rows as {@link SheetTable} writes them, then any other text
 * of the sheet (headers and footers, comments, text boxes, embedded documents).
 */
final class SheetHandler extends DefaultHandler {

  /** One sheet's name and text, in workbook order. */
  record Sheet(String name, String text) {}

  private final TextLimit limit;
  private final List<Sheet> sheets = new ArrayList<>();
  private final StringBuilder name = new StringBuilder();
  private final StringBuilder cell = new StringBuilder();
  private final StringBuilder other = new StringBuilder();
  private List<String> row;
  private SheetTable table;
  private int sheetDepth = -1;
  private int depth;
  private boolean inName;
  private boolean inCell;

  SheetHandler(TextLimit limit) {
    this.limit = limit;
  }

  List<Sheet> sheets() {
    if (table != null) {
      endSheet();
    } else if (!other.toString().isBlank()) {
      Sheet last = sheets.isEmpty() ? new Sheet("", "") : sheets.remove(sheets.size() - 1);
      sheets.add(new Sheet(last.name(), last.text() + "\n\n" + other.toString().strip()));
      other.setLength(0);
    }
    return sheets;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts) {
    depth++;
    String type = atts.getValue("class");
    if (localName.equals("div") && startsSheet(type)) {
      if (table != null) {
        endSheet();
      }
      table = new SheetTable();
      sheetDepth = depth;
    } else if (localName.equals("h1") && table != null && name.isEmpty() && row == null) {
      inName = true;
    } else if (localName.equals("tr")) {
      row = new ArrayList<>();
    } else if ((localName.equals("td") || localName.equals("th")) && row != null) {
      inCell = true;
      cell.setLength(0);
    }
  }

  /**
   * Excel and OOXML sheets come as {@code <div class="page">} (or "sheet"); an XLSB workbook's as a
   * plain {@code <div>} at the top level.
   */
  private boolean startsSheet(String type) {
    return "page".equals(type) || "sheet".equals(type) || (type == null && depth == 1);
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    if (inName && localName.equals("h1")) {
      inName = false;
    } else if (inCell && (localName.equals("td") || localName.equals("th"))) {
      inCell = false;
      row.add(cell.toString());
      limit.take(cell.length() + 1L);
    } else if (localName.equals("tr") && row != null) {
      table().addRow(row);
      row = null;
    } else if (BodyTextHandler.endsBlock(localName)) {
      other.append("\n\n");
    }
    if (depth == sheetDepth && localName.equals("div")) {
      endSheet();
    }
    depth--;
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (inName) {
      name.append(ch, start, length);
    } else if (inCell) {
      cell.append(ch, start, length);
    } else {
      limit.take(length);
      other.append(ch, start, length);
    }
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {}

  /** Text before the first sheet goes with it; text after a sheet's end, with the last one. */
  private SheetTable table() {
    if (table == null) {
      table = new SheetTable();
    }
    return table;
  }

  private void endSheet() {
    SheetTable done = table();
    String sheetName = name.toString().strip();
    StringBuilder text = new StringBuilder();
    if (!sheetName.isEmpty()) {
      text.append("Sheet: ").append(sheetName).append("\n\n");
    }
    text.append(done.text());
    String rest = other.toString().strip();
    if (!rest.isEmpty()) {
      text.append("\n\n").append(rest);
    }
    sheets.add(new Sheet(sheetName, text.toString()));
    table = null;
    sheetDepth = -1;
    name.setLength(0);
    other.setLength(0);
  }
}
