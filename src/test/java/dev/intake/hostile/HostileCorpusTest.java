package dev.intake.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.pipeline.parse.ParseSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xml.sax.SAXParseException;

/**
 * The generators write what they claim: bombs that are valid containers whose main part inflates to
 * the size asked for, entity expansions a standard XML parser recognizes as such, PDFs whose
 * cross-reference table is exact and whose page tree really loops.
 */
class HostileCorpusTest {
  private static final long SMALL = 4L << 20;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"docx", "odt", "epub", "xlsx"})
  void aZipBombIsAValidContainerWhoseMainPartInflatesToTheSizeAskedFor(String type)
      throws Exception {
    Path file = dir.resolve("bomb." + type);
    String main =
        switch (type) {
          case "docx" -> "word/document.xml";
          case "odt" -> "content.xml";
          case "epub" -> "OEBPS/chapter.xhtml";
          default -> "xl/worksheets/sheet1.xml";
        };
    switch (type) {
      case "docx" -> ZipBombs.docx(file, SMALL);
      case "odt" -> ZipBombs.odt(file, SMALL);
      case "epub" -> ZipBombs.epub(file, SMALL);
      default -> ZipBombs.xlsx(file, SMALL);
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry entry = zip.getEntry(main);
      assertThat(entry.getSize()).isBetween(SMALL, SMALL + 1024);
      assertThat(Files.size(file)).as("compressed").isLessThan(SMALL / 200);
      assertThat(textIn(zip.getInputStream(entry)))
          .as("text of the repeated sentence")
          .isGreaterThan(SMALL / 2);
      if (type.equals("odt") || type.equals("epub")) {
        assertThat(zip.entries().nextElement().getName()).isEqualTo("mimetype");
        assertThat(zip.entries().nextElement().getMethod()).isEqualTo(ZipEntry.STORED);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"docx", "odt", "epub"})
  void aSmallBombIsReadAsADocumentOfItsKind(String type) throws IOException {
    Path file = dir.resolve("small." + type);
    switch (type) {
      case "docx" -> ZipBombs.docx(file, 16 * 1024);
      case "odt" -> ZipBombs.odt(file, 16 * 1024);
      default -> ZipBombs.epub(file, 16 * 1024);
    }
    StringBuilder text = new StringBuilder();
    ParseSummary summary =
        new DocumentParser()
            .parse(file, file.getFileName().toString(), (n, of, t) -> text.append(t));
    assertThat(summary.contentType())
        .isEqualTo(
            switch (type) {
              case "docx" ->
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
              case "odt" -> "application/vnd.oasis.opendocument.text";
              default -> "application/epub+zip";
            });
    assertThat(text).contains(ZipBombs.SENTENCE);
    assertThat(text.length()).isGreaterThan(16 * 1024 / 2);
  }

  @Test
  void theGzipBombInflatesToTheTextAskedFor() throws IOException {
    Path file = ZipBombs.gzipText(dir.resolve("bomb.txt.gz"), 8 << 20);
    long inflated;
    try (java.io.InputStream in =
        new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(file))) {
      inflated = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(inflated).isBetween((8L << 20) - 200, 8L << 20);
    assertThat(java.nio.file.Files.size(file)).isLessThan(inflated / 100);
  }

  @Test
  void aWorkbookWithFewRowsIsAWorkbook() throws IOException {
    Path file = ZipBombs.xlsx(dir.resolve("small.xlsx"), 16 * 1024);
    try (TikaInputStream in = TikaInputStream.get(file)) {
      assertThat(new DefaultDetector().detect(in, new Metadata()).toString())
          .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
  }

  @Test
  void aDocxOfFewEntriesIsReadAsAWordDocument() throws IOException {
    Path file = HostileMarkup.manyEntries(dir.resolve("few.docx"), 10);
    StringBuilder text = new StringBuilder();
    new DocumentParser().parse(file, "few.docx", (n, of, t) -> text.append(t));
    assertThat(text.toString()).contains("Many parts.");
  }

  @Test
  void theHugeBombsStayFarBelowTheUploadLimit() throws IOException {
    Path file = ZipBombs.docx(dir.resolve("big.docx"), HostileCorpus.Scale.CI.inflatedBytes());
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(zip.getEntry("word/document.xml").getSize())
          .isGreaterThanOrEqualTo(HostileCorpus.Scale.CI.inflatedBytes());
    }
    assertThat(Files.size(file)).isLessThan(1 << 20);
  }

  @Test
  void billionLaughsAreRecognizedAsEntityExpansionByAStandardParser() throws Exception {
    Path docx = EntityExpansions.docx(dir.resolve("laughs.docx"));
    byte[] documentXml;
    try (ZipFile zip = new ZipFile(docx.toFile())) {
      documentXml = zip.getInputStream(zip.getEntry("word/document.xml")).readAllBytes();
    }
    byte[] xhtml = Files.readAllBytes(EntityExpansions.xhtml(dir.resolve("laughs.xhtml")));
    for (byte[] xml : List.of(documentXml, xhtml)) {
      assertThat(xml.length).isLessThan(2048);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      assertThatThrownBy(() -> f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)))
          .isInstanceOf(SAXParseException.class)
          .hasMessageContaining("entity expansions");
    }
  }

  @Test
  void thePdfWritersCrossReferenceTablePointsAtEveryObject() throws IOException {
    for (Path pdf :
        List.of(
            HostilePdfs.pageTreeLoop(dir.resolve("loop.pdf")),
            HostilePdfs.hugeTextStream(dir.resolve("text.pdf"), SMALL))) {
      byte[] bytes = Files.readAllBytes(pdf);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int xref = Integer.parseInt(text.replaceAll("(?s).*startxref\n(\\d+)\n%%EOF\n$", "$1"));
      assertThat(text.substring(xref)).startsWith("xref\n0 ");
      Matcher entry = Pattern.compile("(\\d{10}) 00000 n ").matcher(text.substring(xref));
      int object = 1;
      while (entry.find()) {
        int offset = Integer.parseInt(entry.group(1));
        assertThat(text.substring(offset))
            .as(pdf + " object " + object)
            .startsWith(object + " 0 obj");
        object++;
      }
      assertThat(object).isGreaterThan(5);
    }
  }

  @Test
  void thePageTreeLoopsBackToItsRoot() throws IOException {
    try (PDDocument pdf =
        Loader.loadPDF(HostilePdfs.pageTreeLoop(dir.resolve("loop.pdf")).toFile())) {
      COSDictionary root = pdf.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
      COSDictionary inner = (COSDictionary) kids(root).getObject(0);
      assertThat(inner.getCOSName(COSName.TYPE)).isEqualTo(COSName.PAGES);
      COSBase back = kids(inner).getObject(1);
      assertThat(back).isSameAs(root);
      assertThat(((COSDictionary) kids(inner).getObject(0)).getCOSName(COSName.TYPE))
          .isEqualTo(COSName.PAGE);
    }
  }

  @Test
  void theHugeContentStreamInflatesToTheTextAskedFor() throws IOException {
    Path file = HostilePdfs.hugeTextStream(dir.resolve("text.pdf"), SMALL);
    assertThat(Files.size(file)).isLessThan(SMALL / 100);
    try (PDDocument pdf = Loader.loadPDF(file.toFile());
        InputStream contents = pdf.getPage(0).getContents()) {
      assertThat(contents.transferTo(OutputStream.nullOutputStream()))
          .isBetween(SMALL, SMALL + 1024);
    }
  }

  @Test
  void theContentStreamIsReadAsLinesOfText() throws IOException {
    Path file = HostilePdfs.hugeTextStream(dir.resolve("text.pdf"), 64 * 1024);
    try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
      String text = new PDFTextStripper().getText(pdf);
      assertThat(text).contains("The queue hands each worker a lease on one document");
      assertThat(text.lines().count())
          .isGreaterThan(64 * 1024 / HostilePdfs.TEXT_LINE.length() - 2);
    }
  }

  @Test
  void thePngBombDeclaresWhatItAskedForAndReallyInflatesToIt() throws Exception {
    Path file = HostileImages.pngBomb(dir.resolve("bomb.png"), 4_000, 3_000);
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      assertThat(reader.getWidth(0)).isEqualTo(4_000);
      assertThat(reader.getHeight(0)).isEqualTo(3_000);
      BufferedImage decoded = reader.read(0); // 12 megapixels: small enough to decode here
      assertThat(decoded.getRGB(3_999, 2_999)).isEqualTo(0xFFFFFFFF);
    }
    assertThat(Files.size(file)).as("compressed").isLessThan(3_000L * 501 / 100);
    // The corpus's bomb: declared billions, a file of about a megabyte.
    Path big = HostileImages.pngBomb(dir.resolve("big.png"), 100_000, 100_000);
    assertThat(Files.size(big)).isLessThan(4L << 20);
    try (ImageInputStream in = ImageIO.createImageInputStream(big.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      assertThat((long) reader.getWidth(0) * reader.getHeight(0)).isEqualTo(10_000_000_000L);
    }
  }

  @Test
  void theManyPageTiffHasThatManyPagesNoneOfThemBlank() throws Exception {
    Path file = HostileImages.manyPageTiff(dir.resolve("many.tif"), HostileCorpus.TIFF_PAGES);
    assertThat(Files.size(file)).isLessThan(2L << 20);
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(HostileCorpus.TIFF_PAGES);
      for (int page : new int[] {0, HostileCorpus.TIFF_PAGES - 1}) {
        BufferedImage image = reader.read(page);
        int side = HostileImages.TIFF_PAGE_SIDE;
        assertThat(image.getWidth()).isEqualTo(side);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("white margin").isEqualTo(0xFFFFFF);
        assertThat(image.getRGB(side / 2, side / 2) & 0xFFFFFF).as("dark middle").isZero();
      }
    }
  }

  @Test
  void theManyPageScanHasThatManyPagesWithoutTextEachDrawingTheImage() throws IOException {
    Path file = HostilePdfs.manyImageOnlyPages(dir.resolve("scans.pdf"), 2_000);
    assertThat(Files.size(file)).isLessThan(1L << 20);
    try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
      assertThat(pdf.getNumberOfPages()).isEqualTo(2_000);
      assertThat(new PDFTextStripper().getText(pdf)).isBlank();
      for (int page : new int[] {0, 1_999}) {
        var resources = pdf.getPage(page).getResources();
        assertThat(resources.isImageXObject(COSName.getPDFName("Im1"))).isTrue();
        assertThat(pdf.getPage(page).getMediaBox().getWidth()).isEqualTo(612f);
      }
    }
  }

  @Test
  void theScannedPagesHaveNoTextAndDrawAnImageOverThePage() throws IOException {
    for (Path file :
        List.of(
            HostilePdfs.imageOnlyPage(dir.resolve("huge.pdf"), 7_200_000),
            HostilePdfs.imageUnderEndlessLines(dir.resolve("lines.pdf"), 64 * 1024))) {
      try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
        assertThat(new PDFTextStripper().getText(pdf)).as(file.toString()).isBlank();
        var resources = pdf.getPage(0).getResources();
        assertThat(resources.isImageXObject(COSName.getPDFName("Im1"))).isTrue();
        assertThat(resources.getXObject(COSName.getPDFName("Im1")))
            .isInstanceOfSatisfying(
                org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject.class,
                image -> assertThat(image.getWidth()).isEqualTo(16));
      }
    }
    try (PDDocument pdf =
        Loader.loadPDF(HostilePdfs.imageOnlyPage(dir.resolve("huge.pdf"), 7_200_000).toFile())) {
      assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(7_200_000f);
    }
    try (PDDocument pdf =
            Loader.loadPDF(
                HostilePdfs.imageUnderEndlessLines(dir.resolve("lines.pdf"), SMALL).toFile());
        InputStream contents = pdf.getPage(0).getContents()) {
      assertThat(contents.transferTo(OutputStream.nullOutputStream())).isGreaterThan(SMALL);
    }
  }

  @Test
  void theSingleLineIsExactly45MbWithoutALineBreak() throws IOException {
    Path file = HostileText.singleLine(dir.resolve("line.txt"), HostileCorpus.SINGLE_LINE_BYTES);
    assertThat(Files.size(file)).isEqualTo(45L * 1024 * 1024);
    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      if (b == '\n' || b == '\r' || b == '.') {
        throw new AssertionError("a line or sentence end in the single line");
      }
    }
    assertThat(new String(bytes, 0, 200, StandardCharsets.US_ASCII)).startsWith("queue worker");
  }

  @Test
  void randomBytesAreNotText() throws IOException {
    Path file = HostileText.randomBytes(dir.resolve("r.txt"), 1 << 20, 7);
    assertThat(Files.size(file)).isEqualTo(1 << 20);
    assertThatThrownBy(
            () ->
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))))
        .isInstanceOf(CharacterCodingException.class);
    assertThat(Files.readAllBytes(HostileText.randomBytes(dir.resolve("again.txt"), 1 << 20, 7)))
        .as("the same seed, the same bytes")
        .isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void theDivsNestToTheDepthAskedFor() throws Exception {
    Path file = HostileMarkup.nestedDivs(dir.resolve("deep.html"), 200_000);
    String html = Files.readString(file);
    assertThat(html).contains("<div>".repeat(200_000) + "At the bottom");
    assertThat(html.split("<div>", -1)).hasSize(200_001);
    assertThat(html.split("</div>", -1)).hasSize(200_001);
  }

  @Test
  void theManyEntriesZipIsADocxWith100kParts() throws IOException {
    Path file = HostileMarkup.manyEntries(dir.resolve("many.docx"), 100_000);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(zip.size()).isEqualTo(100_003);
      assertThat(zip.getEntry("word/document.xml")).isNotNull();
      assertThat(zip.getEntry("[Content_Types].xml")).isNotNull();
    }
  }

  @Test
  void aReadableMessageNamesTheProblemInWordsNotCode() {
    for (String good :
        List.of(
            "The file needs more than the parser's 512 MB memory limit",
            "Parsing stopped after 300 s",
            "The parser crashed on this file",
            "The document would make more than 20,000 chunks (INTAKE_MAX_CHUNKS)",
            "The file is not a text file",
            "Unsupported file type: application/zip",
            "The document has more than 50,000,000 characters of text, the most Intake reads",
            "The file could not be read as a Word document: it is damaged or not a Word document",
            "The image is too large to read: 100,000 × 100,000 pixels (Intake reads images of at"
                + " most 250 megapixels)",
            "No extractable text: the page contains only images, and page 1 is too large for OCR"
                + " (100,000 × 100,000 inches)",
            "No extractable text: the page contains only images, and OCR is unavailable:"
                + " Tesseract is not installed (install the tesseract-ocr package)",
            "OCR of page 1 stopped after 15 s (INTAKE_OCR_PAGE_TIMEOUT)",
            "The file is an image: reading its text needs OCR, but Tesseract is not installed"
                + " (install the tesseract-ocr package)")) {
      assertThat(HostileFile.unreadable(good)).as(good).isNull();
    }
    for (String bad :
        List.of(
            "",
            "java.lang.OutOfMemoryError: Java heap space",
            "OutOfMemoryError",
            "org.apache.poi.ooxml.POIXMLException: something",
            "Failed\n\tat dev.intake.Foo.bar(Foo.java:12)",
            "at org.apache.pdfbox.pdmodel.PDPageTree.get(PDPageTree.java:1)",
            "Something went wrong",
            "Job failed: null",
            "x".repeat(500) + " memory")) {
      assertThat(HostileFile.unreadable(bad)).as(bad).isNotNull();
    }
  }

  private static COSArray kids(COSDictionary node) {
    return node.getCOSArray(COSName.KIDS);
  }

  /** Characters of the repeated sentence, read while checking the XML is well-formed to the end. */
  private static long textIn(InputStream xml) throws Exception {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    XMLStreamReader r = f.createXMLStreamReader(xml);
    long sentences = 0;
    while (r.hasNext()) {
      if (r.next() == XMLStreamReader.CHARACTERS && r.getText().equals(ZipBombs.SENTENCE)) {
        sentences++;
      }
    }
    return sentences * ZipBombs.SENTENCE.length();
  }
}
