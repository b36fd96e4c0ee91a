package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.testing.FormatSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
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
  void aDeckKeepsWhatItsPropertiesSay() throws IOException {
    Path pptx = dir.resolve("briefing.pptx");
    Instant created = Instant.parse("2025-06-02T08:30:00Z");
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(pptx)) {
      XSLFTextBox box = show.createSlide().createTextBox();
      box.setText(TextLanguageTest.ENGLISH);
      box.setAnchor(new java.awt.Rectangle(50, 50, 600, 300));
      var core = show.getProperties().getCoreProperties();
      core.setTitle("Harbour briefing");
      core.setCreator("Grace Hopper");
      core.setCreated(Optional.of(Date.from(created)));
      core.getUnderlyingProperties().setLanguageProperty("en-GB");
      show.write(out);
    }
    Path ppt = dir.resolve("besprechung.ppt");
    try (HSLFSlideShow show = new HSLFSlideShow();
        OutputStream out = Files.newOutputStream(ppt)) {
      HSLFTextBox box = show.createSlide().createTextBox();
      box.setText(TextLanguageTest.GERMAN);
      box.setAnchor(new java.awt.Rectangle(50, 50, 600, 300));
      show.getSummaryInformation().setTitle("Hafenbesprechung");
      show.getSummaryInformation().setAuthor("Ada Lovelace");
      show.write(out);
    }

    DocumentInfo fromPptx = parser.parse(pptx, "briefing.pptx", new HeadingSink()).info();
    DocumentInfo fromPpt = parser.parse(ppt, "besprechung.ppt", new HeadingSink()).info();

    assertThat(fromPptx)
        .isEqualTo(new DocumentInfo("Harbour briefing", "Grace Hopper", "en-GB", created));
    assertThat(fromPpt.title()).isEqualTo("Hafenbesprechung");
    assertThat(fromPpt.author()).isEqualTo("Ada Lovelace");
    assertThat(fromPpt.language()).as("told from the text: a PPT declares none").isEqualTo("de");
  }

  @Test
  void anOpenDocumentDeckKeepsWhatItsMetaSays() throws IOException {
    Path plain =
        FormatSamples.odp(
            dir.resolve("plain.odp"),
            List.of(new FormatSamples.Slide("Harbour", TextLanguageTest.ENGLISH, null)));
    String meta =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-meta"
            + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
            + " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
            + " office:version=\"1.2\"><office:meta><dc:title>Harbour briefing</dc:title>"
            + "<meta:initial-creator>Grace Hopper</meta:initial-creator>"
            + "<meta:creation-date>2025-06-02T08:30:00</meta:creation-date>"
            + "<dc:language>en-GB</dc:language></office:meta></office:document-meta>";
    Path odp = dir.resolve("briefing.odp");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(plain));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(odp))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.putNextEntry(new ZipEntry(e.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("meta.xml"));
      out.write(meta.getBytes(UTF_8));
      out.closeEntry();
    }

    DocumentInfo info = parser.parse(odp, "briefing.odp", new HeadingSink()).info();

    assertThat(info)
        .isEqualTo(
            new DocumentInfo(
                "Harbour briefing",
                "Grace Hopper",
                "en-GB",
                Instant.parse("2025-06-02T08:30:00Z")));
  }

  @Test
  void aShortTextHasNoLanguage() throws IOException {
    Path file = dir.resolve("note.txt");
    Files.writeString(file, "The committee met on Tuesday.", UTF_8);
    ParseSummary summary = parser.parse(file, "note.txt", new HeadingSink());
    assertThat(summary.info().language()).isNull();
  }
}
