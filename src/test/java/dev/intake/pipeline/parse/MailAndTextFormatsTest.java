package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import dev.intake.testing.FormatSamples;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail, embedded documents, and the text formats: one page each, with the text in place. */
class MailAndTextFormatsTest {

  private static final DocumentParser parser = new DocumentParser();

  @TempDir Path dir;

  @Test
  void anEmlStartsWithItsHeadersThenItsBodyThenItsLabelledAttachment() throws Exception {
    Path file =
        Files.write(
            dir.resolve("crane.eml"),
            FormatSamples.eml(
                "Crane schedule",
                "The cranes arrive on Monday.",
                "plan.txt",
                "The pier is closed on Friday."));
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "crane.eml", sink);
    assertThat(summary.contentType()).isEqualTo("message/rfc822");
    sink.assertPagesInOrder(1);
    assertThat(sink.pages.get(0))
        .isEqualTo(
            "From: Ada Lovelace <ada@example.com>\nTo: Bob <bob@example.com>\n"
                + "Date: 2025-07-01T10:00:00Z\nSubject: Crane schedule\n\n"
                + "The cranes arrive on Monday.\n\n"
                + "Attachment: plan.txt\n\nThe pier is closed on Friday.");
  }

  /** A scan attached to a mail is read by OCR, as the same PDF uploaded on its own would be. */
  @Test
  void aScannedPdfAttachedToAMailIsReadByOcr() throws Exception {
    TesseractGate.require();
    Path scan =
        PageImages.imageOnlyPdf(
            dir.resolve("scan.pdf"),
            List.of(List.of("The harbour master signed the berth allocation.")));
    Path file =
        Files.write(
            dir.resolve("signed.eml"),
            FormatSamples.eml(
                "Signed allocation",
                "The signed allocation is attached.",
                "allocation.pdf",
                Files.readAllBytes(scan),
                "application/pdf"));
    RecordingSink sink = new RecordingSink();

    parser.parse(file, "signed.eml", sink);

    String text = sink.pages.get(0);
    assertThat(text).contains("The signed allocation is attached.\n\nAttachment: allocation.pdf");
    assertThat(text.substring(text.indexOf("Attachment: allocation.pdf")))
        .containsIgnoringCase("signed the berth allocation");
    assertThat(sink.ocrPages).as("the attachment's page, announced").containsExactly(1);
  }

  /**
   * The PDFs inside one document share its allowance of OCR pages: an archive of small scans that
   * each draw a picture on a thousand pages cannot ask for millions of OCR pages.
   */
  @Test
  void thePdfsInsideOneDocumentShareItsAllowanceOfOcrPages() throws Exception {
    TesseractGate.require();
    Path first =
        PageImages.imageOnlyPdf(
            dir.resolve("a.pdf"), List.of(List.of("The first scan names the harbour.")));
    Path second =
        PageImages.imageOnlyPdf(
            dir.resolve("b.pdf"), List.of(List.of("The second scan names the lighthouse.")));
    Path tar = dir.resolve("scans.tar");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
      for (Path pdf : List.of(first, second)) {
        TarArchiveEntry entry = new TarArchiveEntry(pdf.getFileName().toString());
        entry.setSize(Files.size(pdf));
        out.putArchiveEntry(entry);
        Files.copy(pdf, out);
        out.closeArchiveEntry();
      }
    }
    DocumentParser oneOcrPage =
        new DocumentParser(
            DocumentParser.DEFAULT_MAX_CHARACTERS,
            new Ocr(new OcrSettings(OcrMode.AUTO, "eng", Duration.ofSeconds(60), 1)));
    RecordingSink sink = new RecordingSink();

    oneOcrPage.parse(tar, "scans.tar", sink);

    assertThat(sink.pages.get(0))
        .containsIgnoringCase("names the harbour")
        .doesNotContainIgnoringCase("lighthouse");
    assertThat(sink.ocrPages).containsExactly(1);
  }

  @Test
  void anMsgHasTheSameHeaderLinesAndItsAttachmentLabelled() throws IOException {
    Path file =
        FormatSamples.msg(
            dir.resolve("crane.msg"),
            "Crane schedule",
            "The cranes arrive on Monday.",
            "plan.txt",
            "The pier is closed on Friday.");
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "crane.msg", sink);
    assertThat(summary.contentType()).isEqualTo("application/vnd.ms-outlook");
    assertThat(sink.pages.get(0))
        .startsWith("From: Ada Lovelace\nTo: Bob\nSubject: Crane schedule\n\n")
        .contains("The cranes arrive on Monday.")
        .endsWith("Attachment: plan.txt\n\nThe pier is closed on Friday.");
  }

  @Test
  void anMboxIsOnePageOfItsMessagesEachWithItsHeaders() throws Exception {
    byte[] first = FormatSamples.eml("Crane schedule", "The cranes arrive.", null, null);
    byte[] second =
        FormatSamples.eml("Pier works", "Divers inspect the pier.", "tide.txt", "Low tide 6am.");
    Path file = Files.write(dir.resolve("box.mbox"), FormatSamples.mbox(first, second));
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "box.mbox", sink);
    assertThat(summary.contentType()).isEqualTo("application/mbox");
    assertThat(summary.pages()).isEqualTo(1);
    String text = sink.pages.get(0);
    assertThat(text)
        .contains("Subject: Crane schedule")
        .contains("The cranes arrive.")
        .contains("Subject: Pier works")
        .contains("Divers inspect the pier.")
        .contains("Attachment: tide.txt\n\nLow tide 6am.");
    assertThat(text.indexOf("Pier works")).isGreaterThan(text.indexOf("The cranes arrive."));
  }

  @Test
  void aDocxAltChunkOfHtmlOrMhtIsReadWhereItStands() throws IOException {
    String html = "<html><body><p>Imported from the intranet page.</p></body></html>";
    for (String type : new String[] {"html", "mht"}) {
      Path file =
          FormatSamples.docxWithAltChunk(
              dir.resolve("chunk-" + type + ".docx"),
              "Before the chunk.",
              type,
              type.equals("html") ? html : FormatSamples.mht(html),
              "After the chunk.");
      RecordingSink sink = new RecordingSink();
      parser.parse(file, "report.docx", sink);
      String text = sink.pages.get(0);
      assertThat(text).as(type).contains("Before the chunk.", "Imported from the intranet page.");
      assertThat(text.indexOf("Imported")).as(type).isGreaterThan(text.indexOf("Before"));
    }
  }

  @Test
  void aDocumentEmbeddedInAnEmailAttachmentIsReadToo() throws Exception {
    Path docx = FormatSamples.docx(dir.resolve("minutes.docx"), "Minutes: the quay reopens.");
    String encoded = java.util.Base64.getMimeEncoder().encodeToString(Files.readAllBytes(docx));
    String eml =
        "From: ada@example.com\r\nTo: bob@example.com\r\nSubject: Minutes\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\n\r\nSee the minutes.\r\n--b\r\n"
            + "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;"
            + " name=\"minutes.docx\"\r\nContent-Disposition: attachment; filename=\"minutes.docx\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + encoded
            + "\r\n--b--\r\n";
    Path file = Files.writeString(dir.resolve("minutes.eml"), eml);
    RecordingSink sink = new RecordingSink();
    parser.parse(file, "minutes.eml", sink);
    assertThat(sink.pages.get(0))
        .contains("See the minutes.")
        .contains("Attachment: minutes.docx\n\nMinutes: the quay reopens.");
  }

  @Test
  void xmlJsonRtfAndWordPerfectAreOnePageOfTheirText() throws IOException {
    assertText(
        "data.xml",
        "<?xml version=\"1.0\"?><root><item>Harbour crane</item></root>",
        "Harbour crane");
    assertText("data.json", "{\"name\": \"harbour crane\", \"count\": 2}", "\"harbour crane\"");
    assertText("memo.rtf", "{\\rtf1\\ansi Ferry times\\par changed\\par}", "Ferry times");
    Path wpd = dir.resolve("letter.wpd");
    Files.write(wpd, wordPerfect6("Harbourmaster"));
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(wpd, "letter.wpd", sink);
    assertThat(summary.contentType()).isEqualTo("application/vnd.wordperfect");
    assertThat(sink.pages).singleElement().asString().contains("Harbourmaster");
  }

  @Test
  void plainTextInUtf16WithAByteOrderMarkAndInLatin1IsReadRight() throws IOException {
    String text = "Grüße aus Köln: die Fähre fährt um neun. ".repeat(20).strip();
    for (Charset charset :
        new Charset[] {StandardCharsets.UTF_16, StandardCharsets.ISO_8859_1, UTF_8}) {
      Path file = Files.write(dir.resolve("note.txt"), text.getBytes(charset));
      RecordingSink sink = new RecordingSink();
      parser.parse(file, "note.txt", sink);
      assertThat(sink.pages).as(charset.name()).containsExactly(text);
    }
  }

  private void assertText(String name, String content, String expected) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content);
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, name, sink);
    assertThat(summary.pages()).as(name).isEqualTo(1);
    assertThat(sink.pages.get(0)).as(name).contains(expected);
  }

  /**
   * A WordPerfect 6 file: the 16-byte header ("\xFFWPC", the document's offset, product 1, type 10
   * for a document, version 2.1, not encrypted) and the text, one byte a character.
   */
  private static byte[] wordPerfect6(String text) {
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    byte[] file = new byte[16 + body.length];
    byte[] header = {(byte) 0xFF, 'W', 'P', 'C', 16, 0, 0, 0, 1, 10, 2, 1, 0, 0, 0, 0};
    System.arraycopy(header, 0, file, 0, 16);
    System.arraycopy(body, 0, file, 16, body.length);
    return file;
  }
}
