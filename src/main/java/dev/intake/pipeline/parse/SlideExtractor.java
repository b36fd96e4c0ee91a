package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.sl.usermodel.GroupShape;
import org.apache.poi.sl.usermodel.Notes;
import org.apache.poi.sl.usermodel.ObjectShape;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.sl.usermodel.Shape;
import org.apache.poi.sl.usermodel.SimpleShape;
import org.apache.poi.sl.usermodel.Slide;
import org.apache.poi.sl.usermodel.SlideShow;
import org.apache.poi.sl.usermodel.SlideShowFactory;
import org.apache.poi.sl.usermodel.TableCell;
import org.apache.poi.sl.usermodel.TableShape;
import org.apache.poi.sl.usermodel.TextShape;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.SAXException;

/**
 * Reads a PowerPoint presentation (97-2003 or 2007 on) slide by slide with POI, one page a slide:
 * "Title: ..." first, then the slide's other text (text boxes, tables a row a line, embedded
 * documents where they sit), then "Notes: ..." for the speaker notes. Footers, dates and slide
 * numbers are left out. Slides Tika would merge into one text stay apart this way, and the title is
 * known as a title.
 */
final class SlideExtractor {

  private static final Set<Placeholder> LEFT_OUT =
      EnumSet.of(
          Placeholder.DATETIME,
          Placeholder.SLIDE_NUMBER,
          Placeholder.FOOTER,
          Placeholder.HEADER,
          Placeholder.SLIDE_IMAGE);

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(SlideExtractor.class);

  private final TikaParsers parsers;
  private final int maxCharacters;

  SlideExtractor(TikaParsers parsers, int maxCharacters) {
    this.parsers = parsers;
    this.maxCharacters = maxCharacters;
  }

  /**
   * Streams the slides to {@code out}, one page each, and says true; or says false, having streamed
   * nothing, if no slide has any text POI can see (text only on the slide master, in charts or
   * diagrams): Tika's own reading, which includes those, then has its turn.
   */
  boolean extract(Path file, PageStream out) {
    List<String> pages = new ArrayList<>();
    List<List<Heading>> titles = new ArrayList<>();
    TextLimit limit = new TextLimit(maxCharacters);
    DocumentInfo info;
    try (SlideShow<?, ?> show = SlideShowFactory.create(file.toFile(), null, true)) {
      info = SlideDocumentInfo.read(show);
      for (Slide<?, ?> slide : show.getSlides()) {
        String text = slideText(slide);
        limit.take(text.length());
        pages.add(text);
        // a slide's title is the section of its text
        String title = slide.getTitle() == null ? "" : Heading.normalizeTitle(slide.getTitle());
        titles.add(title.isEmpty() ? List.of() : List.of(new Heading(1, title, 0)));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IngestException ingest) {
        throw ingest;
      }
      if (ParseFailures.isEncryption(e)) {
        throw ParseFailures.encrypted(DocumentFormat.PRESENTATION);
      }
      throw ParseFailures.unreadable(file, DocumentFormat.PRESENTATION, e);
    }
    if (pages.stream().allMatch(String::isBlank)) {
      return false;
    }
    out.documentInfo(info);
    for (int i = 0; i < pages.size(); i++) {
      out.page(i + 1, pages.size(), pages.get(i), false, titles.get(i));
    }
    return true;
  }

  private String slideText(Slide<?, ?> slide) throws IOException {
    StringBuilder text = new StringBuilder();
    String title = slide.getTitle();
    boolean titleSeen = false;
    if (title != null && !title.isBlank()) {
      text.append("Title: ").append(oneLine(title));
    }
    StringBuilder body = new StringBuilder();
    for (Shape<?, ?> shape : slide.getShapes()) {
      if (!titleSeen && title != null && shape instanceof TextShape<?, ?> t) {
        String shapeText = t.getText();
        if (shapeText != null && shapeText.strip().equals(title.strip())) {
          titleSeen = true;
          continue;
        }
      }
      append(shape, body);
    }
    paragraph(text, body.toString());
    Notes<?, ?> notes = slide.getNotes();
    if (notes != null) {
      StringBuilder said = new StringBuilder();
      for (Shape<?, ?> shape : notes.getShapes()) {
        append(shape, said);
      }
      if (!said.toString().isBlank()) {
        paragraph(text, "Notes: " + said.toString().strip());
      }
    }
    return text.toString();
  }

  private void append(Shape<?, ?> shape, StringBuilder out) throws IOException {
    if (shape instanceof SimpleShape<?, ?> simple && LEFT_OUT.contains(simple.getPlaceholder())) {
      return;
    }
    if (shape instanceof TableShape<?, ?> table) {
      StringBuilder rows = new StringBuilder();
      for (int r = 0; r < table.getNumberOfRows(); r++) {
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < table.getNumberOfColumns(); c++) {
          TableCell<?, ?> cell = table.getCell(r, c);
          String value = cell == null || cell.getText() == null ? "" : oneLine(cell.getText());
          if (!value.isEmpty()) {
            cells.add(value);
          }
        }
        if (!cells.isEmpty()) {
          rows.append(rows.isEmpty() ? "" : "\n").append(String.join(" | ", cells));
        }
      }
      paragraph(out, rows.toString());
    } else if (shape instanceof TextShape<?, ?> textShape) {
      paragraph(out, textShape.getText() == null ? "" : textShape.getText());
    } else if (shape instanceof GroupShape<?, ?> group) {
      for (Shape<?, ?> member : group) {
        append(member, out);
      }
    } else if (shape instanceof ObjectShape<?, ?> object) {
      paragraph(out, embedded(object));
    }
  }

  /**
   * The text of an OLE object on a slide (an embedded workbook, a document), or "" if it has none
   * or cannot be read: a damaged object does not fail its slide.
   */
  private String embedded(ObjectShape<?, ?> object) throws IOException {
    try {
      if (object.getObjectData() == null) {
        return "";
      }
    } catch (RuntimeException e) {
      // POI fails on some objects' parts (an OLE part of an unexpected class)
      log.debug("slide object {} could not be read", object.getShapeName(), e);
      return "";
    }
    Metadata metadata = new Metadata();
    String name = object.getFullName();
    if (name != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    }
    ParseContext context = new ParseContext();
    EmbeddedDocuments documents =
        new EmbeddedDocuments(
            parsers.autoDetect(), context, maxCharacters, EmbeddedDocuments.Host.DOCUMENT);
    context.set(org.apache.tika.extractor.EmbeddedDocumentExtractor.class, documents);
    BodyTextHandler text = new BodyTextHandler(maxCharacters);
    try (InputStream in = object.getObjectData().getInputStream()) {
      if (documents.shouldParseEmbedded(metadata)) {
        documents.parseEmbedded(in, text, metadata, false);
      }
    } catch (SAXException e) {
      return "";
    }
    return text.text();
  }

  private static void paragraph(StringBuilder out, String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return;
    }
    if (!out.isEmpty()) {
      out.append("\n\n");
    }
    out.append(t);
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n\\u000B]+\\s*", " ");
  }
}
