package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.tika.exception.TikaException;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.utils.XMLReaderUtils;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads OpenDocument spreadsheets and presentations from their {@code content.xml}, one page a
 * sheet or a slide (Tika writes both as one flow of text without the sheet names or slide
 * boundaries). A sheet is written as {@link SheetTable} writes rows; a slide as "Title: ...", its
 * other text, then "Notes: ...". Each page's level-1 heading, the section of its text, is the
 * sheet's {@code table:name}; a slide's title (its {@code presentation:class="title"} frame), else
 * the name its author gave the {@code draw:page} (not a default such as "page3" or "Slide 3", which
 * says nothing). The XML is read with Tika's secured SAX parser (no DTDs, no entity expansion), as
 * it comes, with the document's character limit counted on the way.
 *
 * <p>Also tells whether any OpenDocument file is encrypted: its manifest then carries encryption
 * data.
 */
final class OdfExtractor {

  private static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
  private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
  private static final String DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
  private static final String PRESENTATION =
      "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";

  /** The names LibreOffice and PowerPoint give pages nobody named: "page3", "Slide 3". */
  private static final Pattern DEFAULT_PAGE_NAME = Pattern.compile("(?i)(page|slide)\\s*\\d+");

  /** A sheet has at most this many columns in LibreOffice; more is a repeat count, not data. */
  private static final int MAX_COLUMNS = 16_384;

  private final int maxCharacters;

  OdfExtractor(int maxCharacters) {
    this.maxCharacters = maxCharacters;
  }

  /** Whether the OpenDocument file's manifest says its parts are encrypted. */
  static boolean isEncrypted(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry manifest = zip.getEntry("META-INF/manifest.xml");
      if (manifest == null) {
        return false;
      }
      try (InputStream in = zip.getInputStream(manifest)) {
        // A manifest is small; a huge one is not a real document's and is read no further.
        String text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        return text.contains("encryption-data");
      }
    } catch (IOException | RuntimeException e) {
      return false; // not a readable zip: the parser says so
    }
  }

  /**
   * Streams the slides or sheets to {@code out}, one page each, and says true; or says false,
   * having streamed nothing, if none of them has text (text only on the master pages, in styles):
   * Tika's own reading then has its turn.
   */
  boolean extract(Path file, DocumentFormat format, PageStream out) {
    TextLimit limit = new TextLimit(maxCharacters);
    PageCollector pages =
        format == DocumentFormat.OPEN_DOCUMENT_SPREADSHEET ? new Sheets(limit) : new Slides(limit);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry content = zip.getEntry("content.xml");
      if (content == null) {
        throw new IOException("no content.xml");
      }
      try (InputStream in = zip.getInputStream(content)) {
        XMLReaderUtils.parseSAX(in, pages, new ParseContext());
      }
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      IngestException ours = TikaTextExtractor.findIngestException(e);
      if (ours != null) {
        throw ours;
      }
      throw ParseFailures.unreadable(file, format, e);
    }
    List<String> all = pages.pages;
    if (all.stream().allMatch(String::isBlank)) {
      return false;
    }
    out.documentInfo(documentInfo(file));
    for (int i = 0; i < all.size(); i++) {
      String heading = pages.headings.get(i);
      out.page(
          i + 1,
          all.size(),
          all.get(i),
          false,
          heading.isEmpty() ? List.of() : List.of(new Heading(1, heading, 0)));
    }
    return true;
  }

  /**
   * Title, author, language and creation time from the file's {@code meta.xml}; nothing where it
   * has none or it cannot be read (the document is read all the same).
   */
  static DocumentInfo documentInfo(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry meta = zip.getEntry("meta.xml");
      if (meta == null) {
        return DocumentInfo.NONE;
      }
      Meta handler = new Meta();
      try (InputStream in = zip.getInputStream(meta)) {
        XMLReaderUtils.parseSAX(in, handler, new ParseContext());
      }
      return handler.info();
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      return DocumentInfo.NONE;
    }
  }

  /** The office:meta fields of {@code meta.xml}. */
  private static final class Meta extends DefaultHandler {
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";

    private static final List<String> FIELDS =
        List.of(
            "dc:title", "dc:creator", "meta:initial-creator", "dc:language", "meta:creation-date");

    private final Map<String, String> values = new HashMap<>();
    private StringBuilder text;
    private String field;

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      String name = (uri.equals(DC) ? "dc:" : uri.equals(META) ? "meta:" : "") + local;
      if (FIELDS.contains(name)) {
        field = name;
        text = new StringBuilder();
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (text != null && text.length() < DocumentInfo.MAX_CHARS) {
        text.append(ch, start, Math.min(length, DocumentInfo.MAX_CHARS - text.length()));
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (text != null) {
        values.putIfAbsent(field, text.toString());
        text = null;
      }
    }

    DocumentInfo info() {
      String author = values.getOrDefault("dc:creator", values.get("meta:initial-creator"));
      return new DocumentInfo(values.get("dc:title"), author, values.get("dc:language"), created());
    }

    private Instant created() {
      String when = values.get("meta:creation-date");
      if (when == null) {
        return null;
      }
      try {
        // "2025-06-02T08:30:00" (local time, as LibreOffice writes it) or with an offset
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(when.strip());
        return t.isSupported(ChronoField.OFFSET_SECONDS)
            ? OffsetDateTime.from(t).toInstant()
            : LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        return null;
      }
    }
  }

  /** Text of paragraphs, with ODF's spaces, tabs and line breaks; subclasses cut it into pages. */
  private abstract static class PageCollector extends DefaultHandler {
    final List<String> pages = new ArrayList<>();

    /** Each page's heading, normalized; empty for none. */
    final List<String> headings = new ArrayList<>();

    final TextLimit limit;
    StringBuilder text;

    PageCollector(TextLimit limit) {
      this.limit = limit;
    }

    void addPage(String text, String heading) {
      pages.add(text);
      headings.add(heading == null ? "" : Heading.normalizeTitle(heading));
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      if (text != null && uri.equals(TEXT)) {
        switch (local) {
          case "s" -> text.append(' ');
          case "tab" -> text.append('\t');
          case "line-break" -> text.append('\n');
          default -> {}
        }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (text != null) {
        limit.take(length);
        text.append(ch, start, length);
      }
    }
  }

  /** Sheets: each {@code table:table} a page, its name first. */
  private static final class Sheets extends PageCollector {
    private SheetTable table;
    private String name;
    private List<String> row;
    private int rowRepeat;
    private int cellRepeat;
    private int pendingEmpty;

    Sheets(TextLimit limit) {
      super(limit);
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      super.startElement(uri, local, qName, atts);
      if (!uri.equals(TABLE)) {
        if (text != null && uri.equals(TEXT) && local.equals("p") && !text.isEmpty()) {
          text.append(' ');
        }
        return;
      }
      switch (local) {
        case "table" -> {
          table = new SheetTable();
          name = atts.getValue(TABLE, "name");
        }
        case "table-row" -> {
          row = new ArrayList<>();
          pendingEmpty = 0;
          rowRepeat = repeat(atts.getValue(TABLE, "number-rows-repeated"));
        }
        case "table-cell", "covered-table-cell" -> {
          text = new StringBuilder();
          cellRepeat = repeat(atts.getValue(TABLE, "number-columns-repeated"));
        }
        default -> {}
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (!uri.equals(TABLE)) {
        return;
      }
      switch (local) {
        case "table-cell", "covered-table-cell" -> endCell();
        case "table-row" -> {
          if (row != null && table != null) {
            // An empty row repeated a million times (the rest of the sheet) adds nothing.
            int times = row.stream().allMatch(String::isBlank) ? 1 : rowRepeat;
            for (int i = 0; i < times; i++) {
              limit.take(row.size());
              table.addRow(row);
            }
          }
          row = null;
        }
        case "table" -> {
          if (table != null) {
            String rows = table.text();
            addPage(name == null || name.isBlank() ? rows : "Sheet: " + name + "\n\n" + rows, name);
          }
          table = null;
        }
        default -> {}
      }
    }

    private void endCell() {
      String value = text == null ? "" : text.toString();
      text = null;
      if (row == null) {
        return;
      }
      if (value.isBlank()) {
        pendingEmpty = (int) Math.min(MAX_COLUMNS, (long) pendingEmpty + cellRepeat);
        return;
      }
      for (int i = 0; i < pendingEmpty && row.size() < MAX_COLUMNS; i++) {
        row.add("");
      }
      pendingEmpty = 0;
      for (int i = 0; i < cellRepeat && row.size() < MAX_COLUMNS; i++) {
        row.add(value);
      }
    }

    private static int repeat(String value) {
      try {
        return value == null ? 1 : Math.max(1, Integer.parseInt(value));
      } catch (NumberFormatException e) {
        return 1;
      }
    }
  }

  /** Slides: each {@code draw:page} a page; its title frame, other frames, then its notes. */
  private static final class Slides extends PageCollector {
    private StringBuilder title;
    private StringBuilder body;
    private StringBuilder notes;
    private String pageName;
    private int titleDepth = -1;
    private int notesDepth = -1;
    private int depth;

    Slides(TextLimit limit) {
      super(limit);
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      depth++;
      super.startElement(uri, local, qName, atts);
      if (uri.equals(DRAW) && local.equals("page")) {
        title = new StringBuilder();
        body = new StringBuilder();
        notes = new StringBuilder();
        pageName = atts.getValue(DRAW, "name");
        text = body;
      } else if (body == null) {
        return;
      } else if (uri.equals(PRESENTATION) && local.equals("notes")) {
        notesDepth = depth;
        text = notes;
      } else if (uri.equals(DRAW)
          && local.equals("frame")
          && notesDepth < 0
          && "title".equals(atts.getValue(PRESENTATION, "class"))) {
        titleDepth = depth;
        text = title;
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (body != null && uri.equals(TEXT) && (local.equals("p") || local.equals("h"))) {
        text.append("\n\n");
      }
      if (depth == titleDepth) {
        titleDepth = -1;
        text = notesDepth >= 0 ? notes : body;
      } else if (depth == notesDepth) {
        notesDepth = -1;
        text = body;
      } else if (body != null && uri.equals(DRAW) && local.equals("page")) {
        addPage(slide(), heading());
        title = body = notes = null;
        pageName = null;
        text = null;
      }
      depth--;
    }

    /** The slide's title, else the name its author gave the page. */
    private String heading() {
      String t = title.toString().strip();
      if (!t.isEmpty()) {
        return t;
      }
      String name = pageName == null ? "" : pageName.strip();
      return DEFAULT_PAGE_NAME.matcher(name).matches() ? "" : name;
    }

    private String slide() {
      StringBuilder page = new StringBuilder();
      String t = title.toString().strip().replaceAll("\\s+", " ");
      if (!t.isEmpty()) {
        page.append("Title: ").append(t);
      }
      String b = body.toString().strip();
      if (!b.isEmpty()) {
        page.append(page.isEmpty() ? "" : "\n\n").append(b);
      }
      String n = notes.toString().strip();
      if (!n.isEmpty()) {
        page.append(page.isEmpty() ? "" : "\n\n").append("Notes: ").append(n);
      }
      return page.toString();
    }
  }
}
