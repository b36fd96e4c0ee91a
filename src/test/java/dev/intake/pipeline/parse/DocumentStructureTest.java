package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headings and what a document says about itself, as the parser hands them on. */
class DocumentStructureTest {

  private static final DocumentParser parser = new DocumentParser();

  @TempDir Path dir;

  /** Keeps each page with its headings, and checks each heading's title is where it points. */
  static final class HeadingSink implements PageSink {
    final List<String> pages = new ArrayList<>();
    final List<List<Heading>> headings = new ArrayList<>();

    @Override
    public void page(int pageNumber, int totalPages, String text) {
      throw new AssertionError("the parser must call the method with headings");
    }

    @Override
    public void page(int pageNumber, int totalPages, String text, List<Heading> pageHeadings) {
      pages.add(text);
      headings.add(pageHeadings);
    }

    /** The page text from each heading on, to its line's end. */
    List<String> headingLines(int page) {
      String text = pages.get(page - 1);
      return headings.get(page - 1).stream()
          .map(h -> text.substring(h.offset(), lineEnd(text, h.offset())))
          .toList();
    }

    private static int lineEnd(String text, int from) {
      int end = text.indexOf('\n', from);
      return end < 0 ? text.length() : end;
    }
  }

  @Test
  void htmlHeadingsArePassedOnWithTheirPlaceInTheCleanedText() throws IOException {
    Path file = dir.resolve("page.html");
    Files.writeString(
        file,
        "<html><head><title>Setup guide</title><meta name=\"author\" content=\"Ada Lovelace\">"
            + "<meta http-equiv=\"content-language\" content=\"en\"></head><body>"
            + "<p>Preface.</p><h1>2 Installation</h1><p>Steps follow.</p>"
            + "<h2>2.1 <b>Requirements</b></h2><p>Java 21.</p></body></html>",
        UTF_8);
    HeadingSink sink = new HeadingSink();
    ParseSummary summary = parser.parse(file, "page.html", sink);
    assertThat(sink.headings.get(0))
        .extracting(Heading::level, Heading::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "2 Installation"),
            org.assertj.core.groups.Tuple.tuple(2, "2.1 Requirements"));
    assertThat(sink.headingLines(1)).containsExactly("2 Installation", "2.1 Requirements");
    assertThat(summary.info().title()).isEqualTo("Setup guide");
  }

  @Test
  void markdownHeadingsKeepTheirLinesInTheText() throws IOException {
    Path file = dir.resolve("notes.md");
    Files.writeString(file, "# Guide\n\nIntro.\n\n## Usage\n\nRun it.\n", UTF_8);
    HeadingSink sink = new HeadingSink();
    parser.parse(file, "notes.md", sink);
    assertThat(sink.headings.get(0)).extracting(Heading::title).containsExactly("Guide", "Usage");
    assertThat(sink.headingLines(1)).containsExactly("# Guide", "## Usage");
  }

  @Test
  void wordHeadingStylesBecomeHeadingsAndCorePropertiesTheDocumentInfo() throws IOException {
    Path file = dir.resolve("guide.docx");
    Instant created = Instant.parse("2024-03-01T10:15:30Z");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      dev.intake.testing.WordHeadings.addHeadingStyles(doc);
      dev.intake.testing.WordHeadings.heading(doc, 1, "2 Installation");
      doc.createParagraph().createRun().setText("Install the service.");
      dev.intake.testing.WordHeadings.heading(doc, 2, "2.1 Requirements");
      doc.createParagraph().createRun().setText("Java 21 is needed.");
      doc.getProperties().getCoreProperties().setTitle("Operator guide");
      doc.getProperties().getCoreProperties().setCreator("Grace Hopper");
      doc.getProperties().getCoreProperties().setCreated(Optional.of(Date.from(created)));
      doc.write(out);
    }
    HeadingSink sink = new HeadingSink();
    ParseSummary summary = parser.parse(file, "guide.docx", sink);
    assertThat(sink.headings.get(0))
        .extracting(Heading::level, Heading::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "2 Installation"),
            org.assertj.core.groups.Tuple.tuple(2, "2.1 Requirements"));
    assertThat(sink.headingLines(1)).containsExactly("2 Installation", "2.1 Requirements");
    assertThat(summary.info().title()).isEqualTo("Operator guide");
    assertThat(summary.info().author()).isEqualTo("Grace Hopper");
    assertThat(summary.info().created()).isEqualTo(created);
  }

  @Test
  void aPlainTextFileHasNoHeadings() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "# not markdown here\n\ntext\n", UTF_8);
    HeadingSink sink = new HeadingSink();
    ParseSummary summary = parser.parse(file, "notes.txt", sink);
    assertThat(sink.headings.get(0)).isEmpty();
    assertThat(summary.info()).isEqualTo(DocumentInfo.NONE);
  }

  @Test
  void aTextFileWithoutDeclaredLanguageGetsTheOneOfItsText() throws IOException {
    Path file = dir.resolve("minutes.txt");
    Files.writeString(file, TextLanguageTest.ENGLISH + "\n\n" + TextLanguageTest.ENGLISH, UTF_8);
    ParseSummary summary = parser.parse(file, "minutes.txt", new HeadingSink());
    assertThat(summary.info().language()).isEqualTo("en");
  }

  @Test
  void aWordFileWithoutDeclaredLanguageGetsTheOneOfItsText() throws IOException {
    Path file = dir.resolve("protokoll.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      doc.createParagraph().createRun().setText(TextLanguageTest.GERMAN);
      doc.write(out);
    }
    ParseSummary summary = parser.parse(file, "protokoll.docx", new HeadingSink());
    assertThat(summary.info().language()).isEqualTo("de");
  }

  @Test
  void aDeclaredLanguageIsKeptWhateverTheTextWouldSay() throws IOException {
    Path file = dir.resolve("minutes.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      doc.createParagraph().createRun().setText(TextLanguageTest.ENGLISH);
      doc.getProperties()
          .getCoreProperties()
          .getUnderlyingProperties()
          .setLanguageProperty("en-GB");
      doc.write(out);
    }
    ParseSummary summary = parser.parse(file, "minutes.docx", new HeadingSink());
    assertThat(summary.info().language()).isEqualTo("en-GB");
  }

  @Test
  void aWebPageKeepsTheLanguageItDeclares() throws IOException {
    Path tagged = dir.resolve("tagged.html");
    Files.writeString(
        tagged,
        "<html lang=\"fr\"><head><title>Compte rendu</title></head><body><p>"
            + TextLanguageTest.ENGLISH
            + "</p></body></html>",
        UTF_8);
    Path meta = dir.resolve("meta.html");
    Files.writeString(
        meta,
        "<html><head><meta http-equiv=\"content-language\" content=\"de\"><title>Protokoll"
            + "</title></head><body><p>"
            + TextLanguageTest.ENGLISH
            + "</p></body></html>",
        UTF_8);
    assertThat(parser.parse(tagged, "tagged.html", new HeadingSink()).info().language())
        .isEqualTo("fr");
    assertThat(parser.parse(meta, "meta.html", new HeadingSink()).info().language())
        .isEqualTo("de");
  }

  @Test
  void aShortTextHasNoLanguage() throws IOException {
    Path file = dir.resolve("note.txt");
    Files.writeString(file, "The committee met on Tuesday.", UTF_8);
    ParseSummary summary = parser.parse(file, "note.txt", new HeadingSink());
    assertThat(summary.info().language()).isNull();
  }
}
