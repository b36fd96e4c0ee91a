package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.PageImages;
import dev.intake.testing.SseReader;
import dev.intake.testing.TesseractGate;
import dev.intake.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pictures of pages through the real HTTP API, read by the real Tesseract in the parser children: a
 * PNG, a three-page TIFF and a two-page PDF of scanned pages (no text layer) are uploaded, each
 * completes with its pages, its progress says which page OCR is on, and every sentence drawn on
 * them is found by search, on the page it was drawn on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OcrEndToEndTest {
  static final List<String> PNG_LINES =
      List.of(
          "The harbour master records every arrival in a ledger.",
          "Cargo manifests are checked against the ledger each evening.");
  static final List<List<String>> TIFF_PAGES =
      List.of(
          List.of("Glaciers retreated four kilometres during the last century."),
          List.of("Meltwater lakes formed where the ice once stood."),
          List.of("Survey teams measure the lakes every summer with sonar."));
  static final List<List<String>> PDF_PAGES =
      List.of(
          List.of("The orchestra rehearses the symphony on Tuesday mornings."),
          List.of("Tickets for the premiere sold out within an hour."));

  @TempDir static Path dir;
  IntakeNode node;
  ApiClient api;

  @BeforeAll
  void start() {
    TesseractGate.require();
    node = TestNode.serve(dir.resolve("data"));
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aPngIsIngestedAndItsSentencesAreFound() throws IOException {
    Path png = PageImages.write(dir.resolve("ledger.png"), "png", PNG_LINES);
    JsonNode job = ingest(png);
    assertThat(job.path("result").path("pages").asInt()).isEqualTo(1);
    assertThat(job.path("result").path("chunk_count").asInt()).isPositive();
    String doc = job.path("document_id").asText();
    assertThat(api.get("/api/v1/documents/" + doc).body().path("content_type").asText())
        .isEqualTo("image/png");
    for (String sentence : PNG_LINES) {
      assertFoundFirst(sentence, doc, 1);
    }
  }

  @Test
  void eachPageOfATiffIsAPageAndProgressSaysWhichPageOcrIsOn() throws IOException {
    Path tiff = PageImages.tiff(dir.resolve("glaciers.tif"), TIFF_PAGES);
    try (SseReader events = new SseReader(api.base() + "/api/v1/events", null)) {
      JsonNode job = ingest(tiff);
      String id = job.path("job_id").asText();
      assertThat(job.path("result").path("pages").asInt()).isEqualTo(3);
      assertThat(events.events())
          .filteredOn(e -> e.path("job_id").asText().equals(id))
          .extracting(e -> e.path("message").asText())
          .contains("OCR page 2 of 3", "OCR page 3 of 3");
      String doc = job.path("document_id").asText();
      for (int page = 1; page <= 3; page++) {
        assertFoundFirst(TIFF_PAGES.get(page - 1).get(0), doc, page);
      }
    }
  }

  @Test
  void aPdfOfScannedPagesIsIngestedPageByPage() throws IOException {
    Path pdf = PageImages.imageOnlyPdf(dir.resolve("concert.pdf"), PDF_PAGES);
    JsonNode job = ingest(pdf);
    assertThat(job.path("result").path("pages").asInt()).isEqualTo(2);
    String doc = job.path("document_id").asText();
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks").body().path("chunks");
    assertThat(chunks.size()).isPositive();
    assertThat(chunks.get(0).path("text").asText()).contains(PDF_PAGES.get(0).get(0));
    for (int page = 1; page <= 2; page++) {
      assertFoundFirst(PDF_PAGES.get(page - 1).get(0), doc, page);
    }
  }

  @Test
  void healthSaysOcrWorks() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(api.get("/api/v1/health").body().at("/services/ocr/status").asText())
                    .isEqualTo("ok"));
  }

  private JsonNode ingest(Path file) throws IOException {
    ApiClient.Response r =
        api.upload(file.getFileName().toString(), Files.readAllBytes(file), Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    JsonNode job = api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(5));
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
    assertThat(job.path("retry_count").asInt()).isZero();
    return job;
  }

  /**
   * A search for {@code sentence} finds a chunk of {@code doc} on {@code page} first. Waited for:
   * on a loaded host a search may answer before the index has caught up with the database.
   */
  private void assertFoundFirst(String sentence, String doc, int page) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode results =
                  api.post("/api/v1/search", Map.of("query", sentence, "top_k", 5))
                      .body()
                      .path("results");
              assertThat(results.size()).as("hits for: " + sentence).isPositive();
              JsonNode top = results.get(0);
              assertThat(top.path("document_id").asText())
                  .as("top hit for: " + sentence)
                  .isEqualTo(doc);
              // OCR may get a letter's case wrong ("Summer"); the words are what is searched.
              assertThat(top.path("text").asText().replaceAll("\\s+", " "))
                  .containsIgnoringCase(sentence);
              assertThat(top.path("page_start").asInt()).isLessThanOrEqualTo(page);
              assertThat(top.path("page_end").asInt()).isGreaterThanOrEqualTo(page);
            });
  }
}
