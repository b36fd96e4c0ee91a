package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.intake.pipeline.IngestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives and compressed files read as one document, and the formats whose text only Tika's own
 * reading finds: text on a slide master, a workbook locked with Office's default password, a
 * drawing's labels.
 */
class ArchivesAndOtherFormatsTest {

  private static final DocumentParser parser = new DocumentParser();

  @TempDir Path dir;

  @Test
  void aTarGzIsOneDocumentWithEachFileAfterItsName() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("notes/minutes.txt", "The committee approved the harbour budget.".getBytes(UTF_8));
    files.put("report.docx", docx("Tidal measurements rose by four centimetres."));
    Path tgz = dir.resolve("bundle.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      out.write(tar(files));
    }
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(tgz, "bundle.tar.gz", sink);

    sink.assertPagesInOrder(1);
    assertThat(summary.contentType()).isEqualTo("application/gzip");
    String text = sink.text();
    assertThat(text)
        .contains("File: notes/minutes.txt", "The committee approved the harbour budget.")
        .contains("File: report.docx", "Tidal measurements rose by four centimetres.");
    assertThat(text.indexOf("File: report.docx"))
        .as("each file's text follows its name")
        .isLessThan(text.indexOf("Tidal measurements"))
        .isGreaterThan(text.indexOf("harbour budget"));
  }

  @Test
  void everyFileOfASevenZipArchiveIsRead() throws IOException {
    // Reading the first file must leave the archive open for the next one.
    Path archive = dir.resolve("two.7z");
    try (SevenZOutputFile out = new SevenZOutputFile(archive.toFile())) {
      for (String[] file :
          new String[][] {
            {"first.txt", "Alpha paragraph about lighthouses."},
            {"second.txt", "Omega paragraph about breakwaters."}
          }) {
        SevenZArchiveEntry entry = new SevenZArchiveEntry();
        entry.setName(file[0]);
        entry.setLastModifiedDate(new java.util.Date()); // Tika fails on an entry without one
        out.putArchiveEntry(entry);
        out.write(file[1].getBytes(UTF_8));
        out.closeArchiveEntry();
      }
    }
    RecordingSink sink = new RecordingSink();
    parser.parse(archive, "two.7z", sink);
    assertThat(sink.text())
        .contains("File: first.txt", "Alpha paragraph about lighthouses.")
        .contains("File: second.txt", "Omega paragraph about breakwaters.");
  }

  @Test
  void aZipNotUploadedAsOneIsReadAsAnArchive() throws IOException {
    Path zip = dir.resolve("attachments.bin");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String name : new String[] {"a.txt", "b.txt"}) {
        out.putNextEntry(new ZipEntry(name));
        out.write(("Contents of " + name + " about the ferry timetable.").getBytes(UTF_8));
        out.closeEntry();
      }
    }
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(zip, "attachments.bin", sink);
    assertThat(summary.contentType()).isEqualTo("application/zip");
    assertThat(sink.text())
        .contains("File: a.txt", "Contents of a.txt", "File: b.txt", "Contents of b.txt");
  }

  @Test
  void aGzippedFileIsItsContent() throws IOException {
    Path gz = dir.resolve("changelog.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("Version 2 fixes the tide table rounding.".getBytes(UTF_8));
    }
    RecordingSink sink = new RecordingSink();
    parser.parse(gz, "changelog.txt.gz", sink);
    assertThat(sink.text()).contains("Version 2 fixes the tide table rounding.");
  }

  @Test
  void aTruncatedTarKeepsTheFilesBeforeTheDamageAndSaysSo() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("one.txt", "First file, read in full.".getBytes(UTF_8));
    byte[] big = new byte[20_000];
    Arrays.fill(big, (byte) 'x');
    files.put("two.txt", big);
    byte[] whole = tar(files);
    Path cut = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(whole, 512 * 3 + 100));
    RecordingSink sink = new RecordingSink();
    parser.parse(cut, "cut.tar", sink);
    assertThat(sink.text())
        .contains("First file, read in full.")
        .endsWith(TikaTextExtractor.DAMAGED_ARCHIVE);
  }

  @Test
  void aCompressedFileOfTooMuchTextStopsAtTheCharacterLimit() throws IOException {
    // 300 MB of text in a file of about 300 KB.
    Path gz = dir.resolve("flood.txt.gz");
    byte[] block = "flood ".repeat(10_000).getBytes(UTF_8);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      for (int i = 0; i < 5_000; i++) {
        out.write(block);
      }
    }
    assertThat(Files.size(gz)).isLessThan(2 << 20);
    IngestException e =
        catchThrowableOfType(
            IngestException.class,
            () -> new DocumentParser(1_000_000).parse(gz, "flood.txt.gz", new RecordingSink()));
    assertThat(e.code()).isEqualTo("too_large");
  }

  @Test
  void aWorkbookLockedWithOfficesDefaultPasswordIsRead() throws Exception {
    Path locked = encrypt(xlsx("Harbour", "Berths", "42"), Decryptor.DEFAULT_PASSWORD);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(locked, "berths.xlsx", sink);
    assertThat(summary.pages()).isEqualTo(1);
    assertThat(sink.text()).contains("Berths: 42");
    assertThat(sink.headings).containsExactly(java.util.List.of("Harbour"));
  }

  @Test
  void aWorkbookWithAnyOtherPasswordStaysEncrypted() throws Exception {
    Path locked = encrypt(xlsx("Harbour", "Berths", "42"), "tide-secret");
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> parser.parse(locked, "berths.xlsx", new RecordingSink()));
    assertThat(e.code()).isEqualTo("encrypted");
    assertThat(e.getMessage()).isEqualTo("Excel workbook is encrypted; a password is required");
  }

  @Test
  void textOnlyOnTheSlideMasterIsRead() throws IOException {
    Path deck = dir.resolve("master.pptx");
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(deck)) {
      show.getSlideMasters().get(0).createTextBox().setText("Confidential harbour authority draft");
      show.createSlide();
      show.write(out);
    }
    RecordingSink sink = new RecordingSink();
    parser.parse(deck, "master.pptx", sink);
    assertThat(sink.text()).contains("Confidential harbour authority draft");
  }

  @Test
  void aDrawingsLabelsAreItsText() throws IOException {
    Path svg =
        Files.writeString(
            dir.resolve("plan.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"1\">Pier four loading"
                + " bay</text></svg>");
    RecordingSink sink = new RecordingSink();
    parser.parse(svg, "plan.svg", sink);
    assertThat(sink.text()).contains("Pier four loading bay");
  }

  @Test
  void anImageOcrDoesNotReadSaysWhichImagesItReads() throws IOException {
    Path svg =
        Files.writeString(
            dir.resolve("shape.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>");
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> parser.parse(svg, "shape.svg", new RecordingSink()));
    assertThat(e.code()).isEqualTo("no_text");
    assertThat(e.getMessage())
        .isEqualTo(
            "No extractable text: OCR reads PNG, JPEG, TIFF, BMP, GIF and WebP images, not"
                + " image/svg+xml, and the file holds no other text");
  }

  private static byte[] tar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        out.putArchiveEntry(entry);
        out.write(file.getValue());
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] docx(String text) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.createParagraph().createRun().setText(text);
      doc.write(out);
      return out.toByteArray();
    }
  }

  private Path xlsx(String sheetName, String column, String value) throws IOException {
    Path file = dir.resolve("plain.xlsx");
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      XSSFSheet sheet = book.createSheet(sheetName);
      sheet.createRow(0).createCell(0).setCellValue(column);
      sheet.createRow(1).createCell(0).setCellValue(value);
      book.write(out);
    }
    return file;
  }

  private Path encrypt(Path plain, String password) throws IOException, GeneralSecurityException {
    Path locked = dir.resolve("locked-" + plain.getFileName());
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
      encryptor.confirmPassword(password);
      try (OutputStream out = encryptor.getDataStream(fs)) {
        Files.copy(plain, out);
      }
      try (OutputStream file = Files.newOutputStream(locked)) {
        fs.writeFilesystem(file);
      }
    }
    return locked;
  }
}
