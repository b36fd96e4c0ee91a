package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.FakeTesseract;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentParserTest {

  private static final DocumentParser parser = new DocumentParser();
  private static final DocumentParser OCR_OFF =
      new DocumentParser(
          DocumentParser.DEFAULT_MAX_CHARACTERS,
          new Ocr(OcrSettings.DEFAULT.withMode(OcrMode.OFF)));
  private static final DocumentParser NO_TESSERACT =
      new DocumentParser(
          DocumentParser.DEFAULT_MAX_CHARACTERS,
          new Ocr(OcrSettings.DEFAULT, "/nonexistent/bin/tesseract"));
  private static final Path CORPUS = CorpusPdfTest.CORPUS;

  @TempDir Path dir;

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  // --- formats without pages: the whole text as page 1 of 1 ---

  @Test
  void docxParagraphsComeOutAsParagraphs() throws IOException {
    Path file = dir.resolve("upload.bin");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      doc.createParagraph().createRun().setText("Quarterly report");
      doc.createParagraph().createRun().setText("Revenue grew by four percent.");
      doc.write(out);
    }
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "report.docx", sink);
    assertThat(summary)
        .extracting(ParseSummary::contentType, ParseSummary::pages, ParseSummary::characters)
        .containsExactly(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 1, 47L);
    sink.assertPagesInOrder(1);
    assertThat(sink.pages.get(0)).isEqualTo("Quarterly report\n\nRevenue grew by four percent.");
  }

  @Test
  void htmlLosesItsMarkupScriptsAndStylesButKeepsItsBlocks() throws IOException {
    Path file =
        write(
            "page.html",
            "<html><head><title>Tab title</title><style>p{color:red}</style>"
                + "<script>var hidden = 1;</script></head><body><h1>Heading</h1>"
                + "<p>First <b>bold</b> paragraph.</p><ul><li>one</li><li>two</li></ul>"
                + "<table><tr><td>a</td><td>b</td></tr></table></body></html>");
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "page.html", sink);
    assertThat(summary.contentType()).isEqualTo("text/html");
    assertThat(sink.pages).containsExactly("Heading\n\nFirst bold paragraph.\n\none\ntwo\n\na\tb");
  }

  @Test
  void markdownIsReadAsText() throws IOException {
    Path file = write("notes.md", "# Notes\r\n\r\nSome *emphasis* and a [link](http://x).\r\n");
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "notes.md", sink);
    assertThat(summary.contentType()).isEqualTo("text/markdown");
    assertThat(sink.pages).containsExactly("# Notes\n\nSome *emphasis* and a [link](http://x).");
  }

  @Test
  void plainTextIsCleanedUp() throws IOException {
    Path file = write("a.txt", "line one   \r\nline\u0000 two\r\n\r\n\r\n\r\n\r\nnext paragraph\n");
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "a.txt", sink);
    assertThat(sink.pages).containsExactly("line one\nline two\n\nnext paragraph");
    assertThat(summary).isEqualTo(new ParseSummary("text/plain", 1, 33));
  }

  @Test
  void csvRowsNameTheirColumns() throws IOException {
    Path file = write("prices.csv", "item,price\napple,3\npear,4\n");
    RecordingSink sink = new RecordingSink();
    assertThat(parser.parse(file, "prices.csv", sink).contentType()).isEqualTo("text/csv");
    assertThat(sink.pages).containsExactly("item: apple | price: 3\nitem: pear | price: 4");
  }

  @Test
  void rtfIsRead() throws IOException {
    Path file = write("memo.rtf", "{\\rtf1\\ansi First line\\par Second line\\par}");
    RecordingSink sink = new RecordingSink();
    assertThat(parser.parse(file, "memo.rtf", sink).contentType()).isEqualTo("application/rtf");
    assertThat(sink.pages.get(0)).contains("First line").contains("Second line");
  }

  @Test
  void odtIsRead() throws IOException {
    Path file = dir.resolve("minutes.odt");
    writeZip(
        file,
        Map.of(
            "mimetype",
            "application/vnd.oasis.opendocument.text",
            "content.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " office:version=\"1.2\"><office:body><office:text>"
                + "<text:p>Minutes of the meeting</text:p><text:p>All agreed.</text:p>"
                + "</office:text></office:body></office:document-content>"));
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "minutes.odt", sink);
    assertThat(summary.contentType()).isEqualTo("application/vnd.oasis.opendocument.text");
    assertThat(sink.pages).containsExactly("Minutes of the meeting\n\nAll agreed.");
  }

  @Test
  void epubChaptersAreRead() throws IOException {
    Path file = dir.resolve("book.epub");
    writeZip(
        file,
        Map.of(
            "mimetype", "application/epub+zip",
            "META-INF/container.xml",
                "<?xml version=\"1.0\"?><container version=\"1.0\""
                    + " xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
                    + "<rootfile full-path=\"content.opf\""
                    + " media-type=\"application/oebps-package+xml\"/></rootfiles></container>",
            "content.opf",
                "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\""
                    + " version=\"2.0\"><metadata/><manifest><item id=\"c1\" href=\"c1.xhtml\""
                    + " media-type=\"application/xhtml+xml\"/></manifest><spine>"
                    + "<itemref idref=\"c1\"/></spine></package>",
            "c1.xhtml",
                "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                    + "<h1>Chapter One</h1><p>It was a dark and stormy night.</p></body></html>"));
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "book.epub", sink);
    assertThat(summary.contentType()).isEqualTo("application/epub+zip");
    assertThat(sink.pages.get(0)).contains("Chapter One").contains("dark and stormy night");
  }

  @Test
  void textBeyondTheLimitIsTooLarge() throws IOException {
    Path file = write("big.txt", "word ".repeat(100));
    IngestException e = failure(new DocumentParser(200), file, "big.txt");
    assertThat(e.code()).isEqualTo("too_large");
    assertThat(e.getMessage())
        .isEqualTo("The document has more than 200 characters of text, the most Intake reads");
    assertThat(new DocumentParser(1000).parse(file, "big.txt", new RecordingSink()).pages())
        .isEqualTo(1);
  }

  // --- failures ---

  @Test
  void anEmptyFileIsEmpty() throws IOException {
    IngestException e = failure(Files.createFile(dir.resolve("x.pdf")), "x.pdf");
    assertThat(e.code()).isEqualTo("empty");
    assertThat(e.getMessage()).isEqualTo("The file is empty");
  }

  @Test
  void randomBytesNamedPdfAreCorrupt() throws IOException {
    IngestException e = failure(randomFile("x.pdf"), "x.pdf");
    assertThat(e.code()).isEqualTo("corrupt");
    assertThat(e.getMessage())
        .isEqualTo("The file could not be read as a PDF: it is damaged or not a PDF");
  }

  @Test
  void randomBytesNamedDocxAreCorrupt() throws IOException {
    IngestException e = failure(randomFile("x.docx"), "x.docx");
    assertThat(e.code()).isEqualTo("corrupt");
    assertThat(e.getMessage())
        .isEqualTo(
            "The file could not be read as a Word document: it is damaged or not a Word document");
  }

  @Test
  void randomBytesNamedTxtAreNotATextFile() throws IOException {
    byte[] bytes = new byte[1024 * 1024];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("notes.txt"), bytes);

    IngestException e = failure(file, "notes.txt");

    assertThat(e.isPermanent()).isTrue();
    assertThat(e.code()).isEqualTo("not_text");
    assertThat(e.getMessage())
        .isEqualTo("The file is not a text file: it holds binary data, not text");
  }

  @Test
  void textInLegacyAndWideEncodingsIsStillText() throws IOException {
    String text = "Grüße aus Köln, où l'été est déjà là. ".repeat(200);
    for (var charset :
        List.of(
            java.nio.charset.StandardCharsets.ISO_8859_1,
            java.nio.charset.StandardCharsets.UTF_16LE,
            java.nio.charset.StandardCharsets.UTF_16)) {
      Path file = Files.write(dir.resolve("letter-" + charset + ".txt"), text.getBytes(charset));
      RecordingSink sink = new RecordingSink();

      parser.parse(file, "letter.txt", sink);

      // Tika guesses a legacy code page from the bytes (not always right); still text, though.
      assertThat(sink.pages.get(0)).as(charset.name()).contains(" aus K").contains(" est d");
    }
  }

  @Test
  void anImageIsReadByOcrWhateverItIsCalled() throws IOException {
    TesseractGate.require();
    Path png =
        PageImages.write(
            dir.resolve("scan.png"), "png", List.of("Ferries leave the pier every hour."));
    for (String name : List.of("scan.png", "scan.pdf")) {
      RecordingSink sink = new RecordingSink();
      ParseSummary summary = parser.parse(png, name, sink);
      assertThat(summary.contentType()).isEqualTo("image/png");
      assertThat(summary.pages()).isEqualTo(1);
      assertThat(sink.pages.get(0).strip()).isEqualTo("Ferries leave the pier every hour.");
      assertThat(sink.ocrPages).containsExactly(1);
    }
  }

  @Test
  void withOcrOffAnImageFailsAtOnceAndSaysWhy() throws IOException {
    Path png = PageImages.write(dir.resolve("scan.png"), "png", List.of("Ferries leave."));
    IngestException e = failure(OCR_OFF, png, "scan.png");
    assertThat(e.code()).isEqualTo("ocr_off");
    assertThat(e.getMessage())
        .isEqualTo(
            "The file is an image: reading its text needs OCR, which is off (INTAKE_OCR=off)");
  }

  @Test
  void withoutTesseractAnImageFailsAtOnceAndSaysHowToInstallIt() throws IOException {
    Path png = PageImages.write(dir.resolve("scan.png"), "png", List.of("Ferries leave."));
    IngestException e = failure(NO_TESSERACT, png, "scan.png");
    assertThat(e.code()).isEqualTo("ocr_unavailable");
    assertThat(e.getMessage())
        .isEqualTo(
            "The file is an image: reading its text needs OCR, but Tesseract is not installed"
                + " (install the tesseract-ocr package)");
  }

  @Test
  void aDamagedImageIsCorrupt() throws IOException {
    Path png = PageImages.write(dir.resolve("scan.png"), "png", List.of("Ferries leave."));
    byte[] bytes = Files.readAllBytes(png);
    Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(bytes, 200));
    // A Tesseract that would fail every page: decoding fails first.
    FakeTesseract fake = FakeTesseract.write(dir, FakeTesseract.Behaviour.FAIL);
    DocumentParser withFake =
        new DocumentParser(
            DocumentParser.DEFAULT_MAX_CHARACTERS,
            new Ocr(OcrSettings.DEFAULT, fake.program().toString()));
    IngestException e = failure(withFake, cut, "cut.png");
    assertThat(e.code()).isEqualTo("corrupt");
    assertThat(e.getMessage())
        .isEqualTo("The file could not be read as an image: it is damaged or not an image");
  }

  @Test
  void anUnknownBinaryOrAProgramIsUnsupported() throws IOException {
    assertThat(failure(randomFile("blob"), "blob").getMessage())
        .isEqualTo("Unsupported file type: application/octet-stream");
    byte[] elf = new byte[4096];
    byte[] header = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0};
    System.arraycopy(header, 0, elf, 0, header.length);
    Path program = Files.write(dir.resolve("tool.txt"), elf);
    assertThat(failure(program, "tool.txt").getMessage())
        .as("an executable, whatever it is called")
        .startsWith("Unsupported file type: application/x-");
  }

  @Test
  void aPasswordProtectedDocxIsEncrypted() throws Exception {
    Path plain = dir.resolve("plain.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(plain)) {
      doc.createParagraph().createRun().setText("secret");
      doc.write(out);
    }
    Path file = dir.resolve("secret.docx");
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
      encryptor.confirmPassword("hunter2");
      try (OutputStream out = encryptor.getDataStream(fs)) {
        Files.copy(plain, out);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        fs.writeFilesystem(out);
      }
    }
    IngestException e = failure(file, "secret.docx");
    assertThat(e.code()).isEqualTo("encrypted");
    assertThat(e.getMessage()).isEqualTo("Word document is encrypted; a password is required");
  }

  @Test
  void aMissingFileIsATransientIoError() {
    IngestException e = failure(dir.resolve("gone.pdf"), "gone.pdf");
    assertThat(e.isPermanent()).isFalse();
    assertThat(e.code()).isEqualTo("io_error");
    assertThat(e.getMessage()).isEqualTo("The file could not be read from storage");
  }

  @Test
  void aDocumentOfOnlyWhitespaceHasNoText() throws IOException {
    IngestException e = failure(write("blank.txt", " \n\t\n   \n"), "blank.txt");
    assertThat(e.code()).isEqualTo("no_text");
    assertThat(e.getMessage()).isEqualTo("No extractable text: the document contains no text");
  }

  @Test
  void aPdfOfScannedPagesWithOcrOffHasNoTextAndSaysWhy() throws IOException {
    Path file = dir.resolve("scan.pdf");
    writePdf(file, "", "", "");
    RecordingSink sink = new RecordingSink();
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> OCR_OFF.parse(file, "scan.pdf", sink));
    assertThat(e.code()).isEqualTo("no_text");
    assertThat(e.getMessage())
        .isEqualTo(
            "No extractable text: all 3 pages contain only images, and OCR is off"
                + " (INTAKE_OCR=off)");
    sink.assertPagesInOrder(3);
    assertThat(sink.ocrPages).isEmpty();
  }

  @Test
  void aPdfOfScannedPagesWithoutTesseractSaysHowToInstallIt() throws IOException {
    Path only = dir.resolve("only.pdf");
    writePdf(only, "");
    assertThat(failure(NO_TESSERACT, only, "only.pdf").getMessage())
        .isEqualTo(
            "No extractable text: the page contains only images, and OCR is unavailable:"
                + " Tesseract is not installed (install the tesseract-ocr package)");
    // A page with text still makes a document: the image-only pages are left empty.
    Path file = dir.resolve("scan.pdf");
    writePdf(file, "", "Some text", "");
    RecordingSink sink = new RecordingSink();
    NO_TESSERACT.parse(file, "scan.pdf", sink);
    assertThat(sink.pages).containsExactly("", "Some text", "");
  }

  @Test
  void aScanInJpeg2000SaysItCannotBeDecodedRatherThanPassingForBlank() throws IOException {
    Path file = dir.resolve("archive.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      PDImageXObject jpx =
          new PDImageXObject(
              doc,
              new java.io.ByteArrayInputStream(new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' '}),
              org.apache.pdfbox.cos.COSName.JPX_DECODE,
              100,
              100,
              8,
              org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray.INSTANCE);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.drawImage(jpx, 0, 0, 612, 792);
      }
      doc.save(file.toFile());
    }
    // With OCR available (a stand-in that would fail any page it were given), nothing is rendered.
    FakeTesseract fake = FakeTesseract.write(dir, FakeTesseract.Behaviour.FAIL);
    DocumentParser withFake =
        new DocumentParser(
            DocumentParser.DEFAULT_MAX_CHARACTERS,
            new Ocr(OcrSettings.DEFAULT, fake.program().toString()));
    IngestException e = failure(withFake, file, "archive.pdf");
    assertThat(e.getMessage())
        .isEqualTo(
            "No extractable text: the page contains only images, and page 1 has a JPEG 2000"
                + " image, which Intake cannot decode");
    assertThat(fake.lastPid()).as("Tesseract was not asked").isEmpty();
  }

  @Test
  void aPdfPageOfOnlyAnImageIsReadByOcrAndAPageWithTextIsNot() throws IOException {
    TesseractGate.require();
    Path file =
        PageImages.imageOnlyPdf(
            dir.resolve("scan.pdf"),
            List.of(List.of("The tide tables are printed on the back."), List.of()));
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "scan.pdf", sink);
    assertThat(summary.pages()).isEqualTo(2);
    assertThat(sink.pages.get(0).strip()).isEqualTo("The tide tables are printed on the back.");
    assertThat(sink.pages.get(1)).as("a blank scanned page").isEmpty();
    assertThat(sink.ocrPages).containsExactly(1, 2);

    Path mixed = dir.resolve("mixed.pdf");
    writePdf(mixed, "A page with a text layer");
    RecordingSink text = new RecordingSink();
    parser.parse(mixed, "mixed.pdf", text);
    assertThat(text.ocrPages).as("pages with text are not read by OCR").isEmpty();
  }

  @Test
  void aPdfOfPicturesWithoutWordsIsParsedWithoutText() throws IOException {
    TesseractGate.require();
    Path file = dir.resolve("scan.pdf");
    writePdf(file, "", "");
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "scan.pdf", sink);
    assertThat(summary.pages()).isEqualTo(2);
    assertThat(summary.characters()).isZero();
    assertThat(sink.ocrPages).containsExactly(1, 2);
  }

  @Test
  void aFewCharactersOfATextLayerAreKeptWhenOcrReadsLess() throws IOException {
    TesseractGate.require();
    Path file = dir.resolve("numbered-scan.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      PDImageXObject image =
          LosslessFactory.createFromImage(
              doc, PageImages.page(List.of(), BufferedImage.TYPE_BYTE_GRAY));
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.drawImage(image, 0, 0, 612, 792);
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 1);
        content.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.NEITHER);
        content.newLineAtOffset(300, 20);
        content.showText("p. 7");
        content.endText();
      }
      doc.save(file.toFile());
    }
    RecordingSink sink = new RecordingSink();
    parser.parse(file, "numbered-scan.pdf", sink);
    assertThat(sink.ocrPages).as("too little text: OCR is asked").containsExactly(1);
    assertThat(sink.pages).containsExactly("p. 7");
  }

  // --- PDF pages ---

  @Test
  void pagesWithoutContentAreStillReportedSoNumberingStaysRight() throws IOException {
    Path file = dir.resolve("gaps.pdf");
    writePdf(file, null, "Second page", null, null, "Fifth page", null);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "gaps.pdf", sink);
    assertThat(summary.pages()).isEqualTo(6);
    sink.assertPagesInOrder(6);
    assertThat(sink.pages).containsExactly("", "Second page", "", "", "Fifth page", "");
  }

  @Test
  void aThousandPagePdfArrivesPageByPageEachWithItsOwnText() throws IOException {
    String[] texts = new String[1000];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = "This is page " + (i + 1);
    }
    Path file = dir.resolve("long.pdf");
    writePdf(file, texts);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "long.pdf", sink);
    assertThat(summary.pages()).isEqualTo(1000);
    sink.assertPagesInOrder(1000);
    assertThat(sink.pages).containsExactly(texts);
  }

  @Test
  void aPdfOfBlankPagesHasNoText() throws IOException {
    Path file = dir.resolve("blank.pdf");
    writePdf(file, null, null);
    IngestException e = failure(file, "blank.pdf");
    assertThat(e.code()).isEqualTo("no_text");
    assertThat(e.getMessage()).isEqualTo("No extractable text: none of the 2 pages contains text");
  }

  // --- the sink and interruption ---

  @Test
  void anExceptionFromTheSinkPassesThroughUnchanged() throws IOException {
    CancellationException cancel = new CancellationException("job cancelled");
    List<Integer> seen = new ArrayList<>();
    PageSink cancelAtPage2 =
        (n, total, text) -> {
          seen.add(n);
          if (n == 2) {
            throw cancel;
          }
        };
    Path pdf = CORPUS.resolve("pdflatex-4-pages.pdf");
    assertThat(catchThrowable(() -> parser.parse(pdf, "a.pdf", cancelAtPage2))).isSameAs(cancel);
    assertThat(seen).containsExactly(1, 2);

    Path text = write("a.txt", "hello");
    PageSink cancelNow =
        (n, total, t) -> {
          throw cancel;
        };
    assertThat(catchThrowable(() -> parser.parse(text, "a.txt", cancelNow))).isSameAs(cancel);
  }

  @Test
  void aCheckedExceptionSneakedOutOfTheSinkIsNotTakenForACorruptFile() {
    IOException failure = new IOException("disk full while storing the page");
    PageSink sink = (n, total, text) -> DocumentParserTest.<RuntimeException>sneakyThrow(failure);
    Path pdf = CORPUS.resolve("pdflatex-4-pages.pdf");
    assertThat(catchThrowable(() -> parser.parse(pdf, "a.pdf", sink))).isSameAs(failure);
  }

  @Test
  void anInterruptStopsParsingBeforeTheNextPage() {
    List<Integer> seen = new ArrayList<>();
    PageSink interruptAtPage2 =
        (n, total, text) -> {
          seen.add(n);
          if (n == 2) {
            Thread.currentThread().interrupt();
          }
        };
    Path pdf = CORPUS.resolve("pdflatex-4-pages.pdf");
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> parser.parse(pdf, "a.pdf", interruptAtPage2));
    assertThat(e.isPermanent()).isFalse();
    assertThat(e.code()).isEqualTo("interrupted");
    assertThat(e.getMessage()).isEqualTo("Parsing was interrupted");
    assertThat(seen).containsExactly(1, 2);
    assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
  }

  @Test
  void anInterruptedThreadDoesNotStartParsing() throws IOException {
    Path text = write("a.txt", "hello");
    Thread.currentThread().interrupt();
    RecordingSink sink = new RecordingSink();
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> parser.parse(text, "a.txt", sink));
    assertThat(e.code()).isEqualTo("interrupted");
    assertThat(sink.pages).isEmpty();
  }

  @Test
  void oneParserServesManyThreadsAtOnce() throws Exception {
    List<String> names =
        List.of("pdflatex-4-pages.pdf", "multicolumn.pdf", "habibi-rotated.pdf", "pdfkit.pdf");
    List<List<String>> expected = new ArrayList<>();
    for (String name : names) {
      RecordingSink sink = new RecordingSink();
      parser.parse(CORPUS.resolve(name), name, sink);
      expected.add(sink.pages);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String name : names) {
          results.add(
              pool.submit(
                  () -> {
                    RecordingSink sink = new RecordingSink();
                    parser.parse(CORPUS.resolve(name), name, sink);
                    return sink.pages;
                  }));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(expected.get(i % names.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- helpers ---

  private static IngestException failure(Path file, String name) {
    return failure(parser, file, name);
  }

  private static IngestException failure(DocumentParser parser, Path file, String name) {
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> parser.parse(file, name, new RecordingSink()));
    assertThat(e).as("parsing %s fails", name).isNotNull();
    assertThat(e.getMessage()).doesNotContain(file.toString()).doesNotContain("Exception");
    return e;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, UTF_8);
  }

  private Path randomFile(String name) throws IOException {
    byte[] bytes = new byte[4096];
    new Random(42).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }

  /** A zip with its first entry stored, as ODF and EPUB want their mimetype entry. */
  private static void writeZip(Path file, Map<String, String> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      List<String> names = new ArrayList<>(entries.keySet());
      names.sort((a, b) -> a.equals("mimetype") ? -1 : b.equals("mimetype") ? 1 : a.compareTo(b));
      for (String name : names) {
        byte[] data = entries.get(name).getBytes(UTF_8);
        ZipEntry entry = new ZipEntry(name);
        if (name.equals("mimetype")) {
          CRC32 crc = new CRC32();
          crc.update(data);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(data.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
    }
  }

  /**
   * A PDF with one page per argument: null is a page without a content stream, "" a page with only
   * an image, anything else a page with that text.
   */
  private static void writePdf(Path file, String... pages) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDImageXObject image =
          LosslessFactory.createFromImage(
              doc, new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY));
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        if (text == null) {
          continue;
        }
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          if (text.isEmpty()) {
            content.drawImage(image, 72, 72, 400, 600);
          } else {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.newLineAtOffset(72, 700);
            content.showText(text);
            content.endText();
          }
        }
      }
      doc.save(file.toFile());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
