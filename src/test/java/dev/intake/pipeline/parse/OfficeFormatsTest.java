package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.intake.pipeline.IngestException;
import dev.intake.testing.FormatSamples;
import dev.intake.testing.FormatSamples.Slide;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slides, sheets and delimited text: what a page is for each, and how its text is laid out. */
class OfficeFormatsTest {

  private static final DocumentParser parser = new DocumentParser();
  private static final List<Slide> DECK =
      List.of(
          new Slide("Harbour plan", "Cranes arrive in May", "Remember the tide tables"),
          new Slide("Budget", "The budget was approved", null));

  @TempDir Path dir;

  @Test
  void aPptxSlideIsAPageWithItsTitleBodyAndNotesLabelled() throws IOException {
    Path file = FormatSamples.pptx(dir.resolve("deck.pptx"), DECK);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "deck.pptx", sink);
    assertThat(summary.pages()).isEqualTo(2);
    sink.assertPagesInOrder(2);
    assertThat(sink.pages.get(0))
        .startsWith("Title: Harbour plan\n\nCranes arrive in May\n\nNotes: ")
        .contains("Remember the tide tables");
    assertThat(sink.pages.get(1)).isEqualTo("Title: Budget\n\nThe budget was approved");
    assertThat(sink.headings)
        .as("a slide's title is its section")
        .containsExactly(List.of("Harbour plan"), List.of("Budget"));
  }

  @Test
  void aPptSlideIsAPageWithItsTitleAndBody() throws IOException {
    Path file = FormatSamples.ppt(dir.resolve("deck.ppt"), DECK);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "deck.ppt", sink);
    assertThat(summary.contentType()).isEqualTo("application/vnd.ms-powerpoint");
    sink.assertPagesInOrder(2);
    assertThat(sink.pages)
        .containsExactly(
            "Title: Harbour plan\n\nCranes arrive in May",
            "Title: Budget\n\nThe budget was approved");
  }

  @Test
  void anOdpSlideIsAPageWithItsTitleBodyAndNotesLabelled() throws IOException {
    Path file = FormatSamples.odp(dir.resolve("deck.odp"), DECK);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "deck.odp", sink);
    assertThat(summary.contentType()).isEqualTo("application/vnd.oasis.opendocument.presentation");
    sink.assertPagesInOrder(2);
    assertThat(sink.pages)
        .containsExactly(
            "Title: Harbour plan\n\nCranes arrive in May\n\nNotes: Remember the tide tables",
            "Title: Budget\n\nThe budget was approved");
    assertThat(sink.headings)
        .as("a slide's title is its section")
        .containsExactly(List.of("Harbour plan"), List.of("Budget"));
  }

  @Test
  void anOdpSlideWithoutTitleIsSectionedByItsPageNameUnlessThatIsADefault() throws IOException {
    Path file =
        FormatSamples.odp(
            dir.resolve("deck.odp"),
            List.of(
                new Slide(null, "Tide tables for May", null),
                new Slide(null, "Crane positions", null),
                new Slide(null, "Contacts", null),
                new Slide("Harbour plan", "Cranes arrive in May", null)),
            List.of("Appendix  A", "page2", "Slide 3", "Named but titled"));
    RecordingSink sink = new RecordingSink();
    parser.parse(file, "deck.odp", sink);
    sink.assertPagesInOrder(4);
    assertThat(sink.headings)
        .containsExactly(List.of("Appendix A"), List.of(), List.of(), List.of("Harbour plan"));
  }

  private static final List<String> SHEETS =
      List.of(
          "Sheet: Sales\n\nRegion: North | Q1: 1,200\nRegion: South | Q1: 900",
          "Sheet: Staff\n\nName: Ada | Role: Harbour engineer");

  @Test
  void anXlsxSheetIsAPageOfRowsThatNameTheirColumns() throws IOException {
    RecordingSink sink = new RecordingSink();
    ParseSummary summary =
        parser.parse(FormatSamples.xlsx(dir.resolve("book.xlsx")), "book.xlsx", sink);
    assertThat(summary.pages()).isEqualTo(2);
    sink.assertPagesInOrder(2);
    assertThat(sink.pages).containsExactlyElementsOf(SHEETS);
    assertThat(sink.headings)
        .as("a sheet's name is its section")
        .hasSize(2)
        .allMatch(h -> h.size() == 1);
  }

  @Test
  void anXlsSheetIsAPageOfRowsThatNameTheirColumns() throws IOException {
    RecordingSink sink = new RecordingSink();
    parser.parse(FormatSamples.xls(dir.resolve("book.xls")), "book.xls", sink);
    sink.assertPagesInOrder(2);
    assertThat(sink.pages).containsExactlyElementsOf(SHEETS);
  }

  @Test
  void anOdsSheetIsAPageAndItsThousandEmptyRowsAndColumnsAreDropped() throws IOException {
    RecordingSink sink = new RecordingSink();
    ParseSummary summary =
        parser.parse(FormatSamples.ods(dir.resolve("book.ods")), "book.ods", sink);
    assertThat(summary.contentType()).isEqualTo("application/vnd.oasis.opendocument.spreadsheet");
    sink.assertPagesInOrder(2);
    assertThat(sink.pages).containsExactlyElementsOf(SHEETS);
    assertThat(sink.headings)
        .as("a sheet's name is its section")
        .containsExactly(List.of("Sales"), List.of("Staff"));
  }

  @Test
  void aCsvIsOnePageOfRowsWithTheirColumnNamesAndEmptyOnesDropped() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("prices.csv"),
            "item,,price,note\r\napple,,3,\r\n,,,\r\npear,,\"4,50\",\"ripe,\nsweet\"\r\n");
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "prices.csv", sink);
    assertThat(summary.contentType()).isEqualTo("text/csv");
    assertThat(sink.pages)
        .containsExactly("item: apple | price: 3\nitem: pear | price: 4,50 | note: ripe, sweet");
  }

  @Test
  void aTsvAndASemicolonCsvAreSplitOnTheirSeparator() throws IOException {
    Path tsv = Files.writeString(dir.resolve("staff.tsv"), "name\trole\nAda\tengineer\n");
    RecordingSink tabs = new RecordingSink();
    parser.parse(tsv, "staff.tsv", tabs);
    assertThat(tabs.pages).containsExactly("name: Ada | role: engineer");

    Path semicolons =
        Files.write(dir.resolve("preise.csv"), "Stadt;Preis\nKöln;3,50\n".getBytes("ISO-8859-1"));
    RecordingSink sink = new RecordingSink();
    parser.parse(semicolons, "preise.csv", sink);
    assertThat(sink.pages).containsExactly("Stadt: Köln | Preis: 3,50");
  }

  @Test
  void aCsvWithAQuoteLeftOpenIsReadAsText() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.csv"), "a,b\n\"unfinished,2\n", UTF_8);
    RecordingSink sink = new RecordingSink();
    parser.parse(file, "broken.csv", sink);
    assertThat(sink.pages).containsExactly("a,b\n\"unfinished,2");
  }

  @Test
  void sheetTableNamesAValueUnderAnEmptyHeaderByItsColumnLetter() {
    SheetTable table = new SheetTable();
    table.addRow(List.of("Name", "", ""));
    table.addRow(List.of("Ada", "", "x"));
    assertThat(table.text()).isEqualTo("Name: Ada | C: x");
    assertThat(SheetTable.letters(0)).isEqualTo("A");
    assertThat(SheetTable.letters(26)).isEqualTo("AA");
    assertThat(SheetTable.letters(701)).isEqualTo("ZZ");
  }

  // --- encrypted: every format fails at once, permanently, saying so

  @Test
  void encryptedOfficeFilesOfEveryKindAreRefusedAsEncrypted() throws Exception {
    Path docx = FormatSamples.docx(dir.resolve("plain.docx"), "secret");
    Path xlsx = FormatSamples.xlsx(dir.resolve("plain.xlsx"));
    Path pptx = FormatSamples.pptx(dir.resolve("plain.pptx"), DECK);
    assertEncrypted(
        FormatSamples.encryptOoxml(docx, dir.resolve("secret.docx")),
        "Word document is encrypted; a password is required");
    assertEncrypted(
        FormatSamples.encryptOoxml(xlsx, dir.resolve("secret.xlsx")),
        "Excel workbook is encrypted; a password is required");
    assertEncrypted(
        FormatSamples.encryptOoxml(pptx, dir.resolve("secret.pptx")),
        "PowerPoint presentation is encrypted; a password is required");
    assertEncrypted(
        FormatSamples.encryptedXls(dir.resolve("secret.xls")),
        "Excel workbook is encrypted; a password is required");
    assertEncrypted(
        FormatSamples.encryptedPpt(dir.resolve("secret.ppt")),
        "PowerPoint presentation is encrypted; a password is required");
    assertEncrypted(
        FormatSamples.odt(dir.resolve("secret.odt"), true, "hidden"),
        "OpenDocument text is encrypted; a password is required");
  }

  private static void assertEncrypted(Path file, String message) {
    String name = file.getFileName().toString();
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> parser.parse(file, name, new RecordingSink()));
    assertThat(e).as(name).isNotNull();
    assertThat(e.isPermanent()).as(name).isTrue();
    assertThat(e.code()).as(name).isEqualTo("encrypted");
    assertThat(e.getMessage()).as(name).isEqualTo(message);
  }
}
