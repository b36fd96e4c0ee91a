package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Archives for the upload tests, and the check that one became a completed batch. */
final class ArchiveUploads {
  static final String PDF_PHRASE = "The lighthouse keeper counted eleven ships before dawn";
  static final String TEXT_PHRASE = "Quarterly totals were reconciled against the ledger";

  private ArchiveUploads() {}

  /** Made once: PDFBox writes a new document id into every PDF it saves. */
  private static final byte[] BUNDLE = makeBundle();

  /**
   * A ZIP of three readable files (a text in a folder, Markdown, a PDF), one whose name climbs out
   * of the archive, and two entries that are skipped: a program and a macOS resource fork. The same
   * bytes every time.
   */
  static byte[] bundle() {
    return BUNDLE.clone();
  }

  private static byte[] makeBundle() {
    return zip(
        Map.of(
            "notes/minutes.txt", (TEXT_PHRASE + ". The meeting ended early.").getBytes(),
            "readme.md", "# Bundle\n\nA bundle of files for the archive test.\n".getBytes(),
            "reports/lighthouse.pdf", pdf(PDF_PHRASE + "."),
            "../../../escaped.txt", "A name that tries to leave the archive.".getBytes(),
            "setup.exe", new byte[] {'M', 'Z', 0, 0},
            "__MACOSX/notes/._minutes.txt", new byte[] {0, 5, 22, 7}));
  }

  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] pdf(String sentence) {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(50, 700);
        content.showText(sentence);
        content.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Uploads {@link #bundle()}, checks the answer and that the batch completes with its four files;
   * returns the finished batch's result.
   */
  static JsonNode uploadBundleAndAwaitBatch(ApiClient api) {
    ApiClient.Response r = api.upload("bundle.zip", bundle(), Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    JsonNode body = r.body();
    assertThat(body.path("task_type").asText()).isEqualTo("directory_batch");
    assertThat(body.path("total_files_found").asInt()).isEqualTo(4);
    assertThat(body.path("skipped_entries").asInt()).isEqualTo(2);
    assertThat(body.path("document_id").isNull()).isTrue();
    assertThat(body.path("message").asText())
        .isEqualTo(
            "Queued 4 files of bundle.zip for ingestion; 2 entries skipped, not of a type Intake"
                + " reads: ._minutes.txt, setup.exe");
    String batchId = body.path("job_id").asText();
    JsonNode batch = api.awaitFinished(batchId, Duration.ofMinutes(3));
    assertThat(batch.path("status").asText()).as(batch.toString()).isEqualTo("completed");
    assertThat(batch.path("task_type").asText()).isEqualTo("directory_batch");
    assertThat(batch.path("children").path("total").asInt()).isEqualTo(4);
    assertThat(batch.path("children").path("completed").asInt()).isEqualTo(4);
    return api.get("/api/v1/jobs/" + batchId + "/result").body().path("result");
  }

  static List<String> filenames(JsonNode batchResult) {
    List<String> names = new ArrayList<>();
    batchResult.path("documents").forEach(d -> names.add(d.path("filename").asText()));
    names.sort(null);
    return names;
  }

  /** The file names of the top search hits for {@code query}. */
  static List<String> searchHits(ApiClient api, String query) {
    JsonNode results =
        api.post("/api/v1/search", Map.of("query", query, "top_k", 3)).body().path("results");
    List<String> names = new ArrayList<>();
    results.forEach(h -> names.add(h.path("filename").asText() + ": " + h.path("text").asText()));
    return names;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
