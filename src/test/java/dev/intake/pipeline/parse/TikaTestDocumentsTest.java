package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.intake.pipeline.IngestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real files written by the programs that own their formats (Excel's XLSB, Publisher, Visio,
 * OneNote, Outlook, WordPerfect, Keynote, Pages, 7-Zip), which no library here can write: some of
 * Apache Tika's own test documents, unpacked by the build from Tika's published test jars into
 * {@code target/tika-test-documents} (see the pom).
 */
class TikaTestDocumentsTest {

  private static final Path DOCUMENTS = Path.of("target/tika-test-documents/test-documents");
  private static final DocumentParser parser = new DocumentParser();

  @BeforeAll
  static void theBuildUnpackedThem() {
    assertThat(DOCUMENTS)
        .as("the build unpacks Tika's test documents (maven-dependency-plugin, see the pom)")
        .isDirectory();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "test-columnar.xlsb | Square of the Record Number: 0",
        "testPUBLISHER.pub | 0123456789abcdef",
        "testVISIO.vsdx | This is a test.",
        "test_text.xps | Parts of this are in italics and bold.",
        "testOneNote.one | Note-ccn-test-mmmm",
        "testMSG.msg | Subject: MIME registry use cases",
        "testWordPerfect.wpd | APPENDIX",
        "testKeynote.key | Some random text for the sake of testability.",
        "testPagesHeadersFootersFootnotes.pages | Some plain text to parse.",
        // text on the slide master only: Tika's reading of the deck has its turn
        "testPPT_masterText.pptx | Text that I added to the master slide",
        "testMasterFooter.odp | Master footer is here",
        // an OLE object POI cannot open does not fail its slide
        "testPPT_embeded.pptx | The quick brown fox jumps over the lazy dog",
        // the text is in the EMF preview of a linked object
        "testDocumentLink.doc | Business Analytics",
        "test-documents.7z | Sample Excel Worksheet - Numbers and their Squares",
        "test-documents.tgz | Sample Excel Worksheet - Numbers and their Squares",
      })
  void isIngestedWithItsText(String file, String phrase) throws Exception {
    RecordingSink sink = new RecordingSink();
    parser.parse(DOCUMENTS.resolve(file), file, sink);
    assertThat(sink.text()).contains(phrase);
  }

  @Test
  void anXlsbWorkbookIsASheetAPage() throws Exception {
    RecordingSink sink = new RecordingSink();
    ParseSummary summary =
        parser.parse(DOCUMENTS.resolve("testEXCEL.xlsb"), "testEXCEL.xlsb", sink);
    assertThat(summary.pages()).isEqualTo(3);
    assertThat(sink.headings)
        .containsExactly(List.of("Sheet1"), List.of("Sheet2"), List.of("Sheet3"));
    assertThat(sink.pages.get(0))
        .contains("This is an example spreadsheet created with Microsoft Excel 2007 Beta 2.");
  }

  @Test
  void aWorkbookLockedByExcelWithTheDefaultPasswordIsRead() throws Exception {
    RecordingSink sink = new RecordingSink();
    ParseSummary summary =
        parser.parse(DOCUMENTS.resolve("protectedFile.xlsx"), "protectedFile.xlsx", sink);
    assertThat(summary.pages()).isEqualTo(3);
    assertThat(sink.pages.get(0)).contains("При запуске пробной версии Office 2007");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "testPPT_protected_passtika.ppt | PowerPoint presentation",
        "testWORD_protected_passtika.doc | Word document",
        "testEXCEL_protected_passtika.xls | Excel workbook",
        "testODTEncrypted.odt | OpenDocument text",
        "test7Z_protected_passTika.7z | Archive",
      })
  void isRefusedAsEncrypted(String file, String format) {
    assertThat(Files.exists(DOCUMENTS.resolve(file))).as(file).isTrue();
    IngestException e =
        catchThrowableOfType(
            IngestException.class,
            () -> parser.parse(DOCUMENTS.resolve(file), file, new RecordingSink()));
    assertThat(e.code()).isEqualTo("encrypted");
    assertThat(e.getMessage()).isEqualTo(format + " is encrypted; a password is required");
  }
}
