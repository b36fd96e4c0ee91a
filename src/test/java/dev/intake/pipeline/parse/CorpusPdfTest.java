package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import dev.intake.testing.Corpus;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every PDF of the sample corpus kept with the tests, against the corpus's own ground truth. */
public class CorpusPdfTest {

  static final Path CORPUS = Corpus.pdfSamples();

  /**
   * No text layer at all: each is a single image without words in it (a photograph, clip art, a
   * 2-pixel image), read by OCR, which finds none: parsed without text.
   */
  public static final Set<String> IMAGE_ONLY =
      Set.of(
          "cmyk-image.pdf",
          "grayscale-image.pdf",
          "imagemagick-ASCII85Decode.pdf",
          "imagemagick-CCITTFaxDecode.pdf",
          "imagemagick-lzw.pdf");

  static final String ENCRYPTED = "libreoffice-writer-password.pdf";

  /**
   * In this copy 1.1 MB in the middle of the file are zeros: the page tree, the document info and
   * the fourth page object are gone, three page objects survive. Its linearization dictionary still
   * declares 4 pages (as files.json says): the text of 3 is recovered, the fourth is reported
   * empty.
   */
  static final String DAMAGED = "unreadablemetadata.pdf";

  static final int DAMAGED_RECOVERABLE_PAGES = 3;

  private static final DocumentParser parser = new DocumentParser();
  private static Map<String, Integer> expectedPages;

  @BeforeAll
  static void readGroundTruth() throws IOException {
    assertThat(CORPUS.resolve("files.json")).as("sample corpus in the test resources").exists();
    JsonNode data = new ObjectMapper().readTree(CORPUS.resolve("files.json").toFile()).get("data");
    expectedPages = new LinkedHashMap<>();
    for (JsonNode entry : data) {
      String path = entry.get("path").asText();
      expectedPages.put(path.substring(path.lastIndexOf('/') + 1), entry.get("pages").asInt());
    }
  }

  static Stream<Arguments> corpusFiles() throws IOException {
    readGroundTruth();
    return expectedPages.entrySet().stream()
        .filter(e -> Files.exists(CORPUS.resolve(e.getKey())))
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Test
  void theCorpusHoldsEveryListedFileButGeoTopo() {
    List<String> missing = new ArrayList<>();
    expectedPages.keySet().stream()
        .filter(n -> !Files.exists(CORPUS.resolve(n)))
        .forEach(missing::add);
    assertThat(missing).containsExactly("GeoTopo.pdf");
    assertThat(expectedPages).hasSize(32);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusFiles")
  void everyPdfParsesWithItsPageCountOrFailsWithATypedPermanentError(String name, int pages) {
    Path file = CORPUS.resolve(name);
    RecordingSink sink = new RecordingSink();
    if (name.equals(ENCRYPTED)) {
      IngestException e = parseFailure(file, name, sink);
      assertThat(e.code()).isEqualTo("encrypted");
      assertThat(e.getMessage()).isEqualTo("PDF is encrypted; a password is required");
      assertThat(sink.pages).isEmpty();
    } else if (IMAGE_ONLY.contains(name)) {
      TesseractGate.require();
      ParseSummary summary = parser.parse(file, name, sink);
      assertThat(summary.pages()).isEqualTo(pages);
      sink.assertPagesInOrder(pages);
      // Photographs, clip art and 2-pixel images: read by OCR, which finds no words in them.
      assertThat(sink.ocrPages).as("every page read by OCR").hasSize(pages);
      assertThat(summary.characters()).isEqualTo(sink.characters());
    } else {
      int expected = pages;
      ParseSummary summary = parser.parse(file, name, sink);
      assertThat(summary.contentType()).isEqualTo("application/pdf");
      assertThat(summary.pages()).isEqualTo(expected);
      sink.assertPagesInOrder(expected);
      assertThat(summary.characters()).isEqualTo(sink.characters()).isPositive();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageOnlyFiles")
  void withOcrOffAnImageOnlyPdfHasNoTextAndSaysWhy(String name) {
    DocumentParser ocrOff =
        new DocumentParser(
            DocumentParser.DEFAULT_MAX_CHARACTERS,
            new Ocr(OcrSettings.DEFAULT.withMode(OcrMode.OFF)));
    RecordingSink sink = new RecordingSink();
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> ocrOff.parse(CORPUS.resolve(name), name, sink));
    assertThat(e.code()).isEqualTo("no_text");
    assertThat(e.getMessage())
        .isEqualTo(
            "No extractable text: the page contains only images, and OCR is off (INTAKE_OCR=off)");
    // The decision comes after every page went through, numbered as usual.
    sink.assertPagesInOrder(expectedPages.get(name));
  }

  static Stream<String> imageOnlyFiles() {
    return IMAGE_ONLY.stream().sorted();
  }

  @Test
  void theDamagedFileStillYieldsTheTextOfItsSurvivingPages() {
    RecordingSink sink = new RecordingSink();
    parser.parse(CORPUS.resolve(DAMAGED), DAMAGED, sink);
    assertThat(sink.pages).hasSize(4);
    assertThat(sink.pages.subList(0, DAMAGED_RECOVERABLE_PAGES))
        .allMatch(text -> text.length() > 300);
    assertThat(sink.pages.get(3)).as("the lost page is reported, empty").isEmpty();
    assertThat(sink.pages.get(0))
        .contains("Dust-proof construction")
        .contains("Electrical and Mechanical Specifications");
  }

  @Test
  void rightToLeftTextComesOutAsArabic() {
    RecordingSink sink = new RecordingSink();
    parser.parse(CORPUS.resolve("habibi.pdf"), "habibi.pdf", sink);
    // "habibi" in Arabic script, with its fatha.
    assertThat(sink.pages.get(0)).contains("\u062D\u064E\u0628\u064A\u0628\u064A");
  }

  @Test
  void eachPageOfTheLatexDocumentCarriesItsOwnText() {
    RecordingSink sink = new RecordingSink();
    parser.parse(CORPUS.resolve("pdflatex-4-pages.pdf"), "pdflatex-4-pages.pdf", sink);
    // The filler text repeats, so check where each page starts and that it ends with its number.
    assertThat(sink.pages.get(0)).startsWith("Hello, here is some text without a meaning.");
    assertThat(sink.pages.get(1)).startsWith("information. Really? Is there no information?");
    assertThat(sink.pages.get(2)).startsWith("you information about the selected font,");
    assertThat(sink.pages.get(3)).startsWith("in of the original language.");
    for (int i = 0; i < 4; i++) {
      assertThat(sink.pages.get(i)).endsWith("\n" + (i + 1));
    }
  }

  @Test
  void theLatexOutlineGivesEachSectionItsNumberedHeadingLine() {
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    parser.parse(CORPUS.resolve("pdflatex-outline.pdf"), "pdflatex-outline.pdf", sink);
    assertThat(sink.headings.get(0)).isEmpty();
    assertThat(sink.headingLines(2)).containsExactly("1 Foo", "2 Bar", "3 Baz", "4 Foo");
    assertThat(sink.headings.get(1)).extracting(Heading::level).containsOnly(1);
  }

  @Test
  void outlineTitlesThePagesDoNotShowStartAtThePageTopWithTheirLevels() {
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    parser.parse(
        CORPUS.resolve("mistitled_outlines_example.pdf"), "mistitled_outlines_example.pdf", sink);
    assertThat(sink.headings.get(1).subList(0, 4))
        .extracting(Heading::level, Heading::title, Heading::offset)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "First", 0),
            org.assertj.core.groups.Tuple.tuple(2, "Second", 0),
            org.assertj.core.groups.Tuple.tuple(2, "Third", 0),
            org.assertj.core.groups.Tuple.tuple(2, "Fourth", 0));
    assertThat(sink.headings.get(2))
        .extracting(Heading::title)
        .startsWith("Fifth", "Sixth", "Seventh");
  }

  @Test
  void attachmentsAreNotMixedIntoThePageText() {
    RecordingSink withAttachment = new RecordingSink();
    RecordingSink plain = new RecordingSink();
    parser.parse(CORPUS.resolve("with-attachment.pdf"), "with-attachment.pdf", withAttachment);
    parser.parse(CORPUS.resolve("minimal-document.pdf"), "minimal-document.pdf", plain);
    // The same LaTeX page, once with a file attached to it.
    assertThat(withAttachment.pages).isEqualTo(plain.pages);
  }

  /**
   * Truncation is judged by what is lost. Cut off only the cross-reference table at the end, and
   * PDFBox rebuilds it from the objects: every page comes back, identical to the whole file.
   */
  @Test
  void aPdfMissingOnlyItsCrossReferenceTableReadsInFull(@TempDir Path dir) throws IOException {
    Path original = CORPUS.resolve("pdflatex-4-pages.pdf");
    byte[] bytes = Files.readAllBytes(original);
    Path cut = Files.write(dir.resolve("cut.pdf"), Arrays.copyOf(bytes, bytes.length * 99 / 100));
    RecordingSink whole = new RecordingSink();
    RecordingSink rebuilt = new RecordingSink();
    parser.parse(original, "report.pdf", whole);
    parser.parse(cut, "report.pdf", rebuilt);
    assertThat(rebuilt.pages).hasSize(4).isEqualTo(whole.pages);
  }

  /** Cut in half, the same file loses its catalog and page tree (pdfTeX writes them last). */
  @Test
  void aPdfCutInHalfIsCorrupt(@TempDir Path dir) throws IOException {
    byte[] bytes = Files.readAllBytes(CORPUS.resolve("pdflatex-4-pages.pdf"));
    Path cut = Files.write(dir.resolve("cut.pdf"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> parser.parse(cut, "report.pdf", new RecordingSink()))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e.code()).isEqualTo("corrupt");
              assertThat(e.getMessage())
                  .isEqualTo("The file could not be read as a PDF: it is damaged or not a PDF");
            });
  }

  private static IngestException parseFailure(Path file, String name, RecordingSink sink) {
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> parser.parse(file, name, sink));
    assertThat(e).as("parsing %s fails", name).isNotNull();
    assertThat(e.isPermanent()).isTrue();
    return e;
  }
}
