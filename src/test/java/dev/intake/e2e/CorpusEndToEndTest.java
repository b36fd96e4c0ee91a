package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.pipeline.parse.CorpusPdfTest;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.TesseractGate;
import dev.intake.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PDF of the sample corpus through the real HTTP API on the embedded default: upload, wait,
 * check the result against the corpus's ground truth, then search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusEndToEndTest {
  static final Path CORPUS = Corpus.pdfSamples();

  @TempDir static Path dataDir;
  IntakeNode node;
  ApiClient api;
  final Map<String, JsonNode> finished = new LinkedHashMap<>();
  final Map<String, Integer> expectedPages = new HashMap<>();

  @BeforeAll
  void ingestTheWholeCorpus() throws IOException {
    assertThat(CORPUS).as("sample corpus in the test resources").isDirectory();
    for (JsonNode f :
        new ObjectMapper().readTree(CORPUS.resolve("files.json").toFile()).path("data")) {
      String path = f.path("path").asText();
      if (f.has("pages")) {
        expectedPages.put(path.substring(path.lastIndexOf('/') + 1), f.path("pages").asInt());
      }
    }
    node = TestNode.serve(dataDir);
    api = new ApiClient(node.port());
    Map<String, String> jobs = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path pdf : files.filter(p -> p.toString().endsWith(".pdf")).sorted().toList()) {
        ApiClient.Response r = api.upload(pdf, Map.of());
        assertThat(r.status()).as(pdf + ": " + r.body()).isEqualTo(202);
        assertThat(r.body().path("status").asText()).isEqualTo("pending");
        jobs.put(pdf.getFileName().toString(), r.body().path("job_id").asText());
      }
    }
    for (Map.Entry<String, String> e : jobs.entrySet()) {
      finished.put(e.getKey(), api.awaitFinished(e.getValue(), Duration.ofMinutes(5)));
    }
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyUploadEndsCompletedOrFailed() {
    assertThat(finished).hasSizeGreaterThanOrEqualTo(30);
    finished.forEach(
        (name, job) ->
            assertThat(job.path("status").asText()).as(name).isIn("completed", "failed"));
  }

  @Test
  void completedDocumentsReportTheirRealPageCount() {
    int completed = 0;
    for (Map.Entry<String, JsonNode> e : finished.entrySet()) {
      JsonNode job = e.getValue();
      if (!job.path("status").asText().equals("completed")) {
        continue;
      }
      completed++;
      JsonNode result = api.get("/api/v1/jobs/" + job.path("job_id").asText() + "/result").body();
      assertThat(expectedPages).as("ground truth for " + e.getKey()).containsKey(e.getKey());
      assertThat(result.path("result").path("pages").asInt())
          .as(e.getKey())
          .isEqualTo(expectedPages.get(e.getKey()));
      int chunks = result.path("result").path("chunk_count").asInt();
      if (CorpusPdfTest.IMAGE_ONLY.contains(e.getKey())) {
        assertThat(chunks).as(e.getKey() + ": a picture without words").isZero();
      } else {
        assertThat(chunks).as(e.getKey()).isPositive();
      }
      assertThat(job.path("progress").asDouble()).isEqualTo(100.0);
    }
    assertThat(completed).as("completed documents").isGreaterThanOrEqualTo(20);
  }

  @Test
  void theImageOnlyPdfsAreReadByOcrAndComplete() {
    TesseractGate.require();
    for (String name : CorpusPdfTest.IMAGE_ONLY) {
      JsonNode job = finished.get(name);
      assertThat(job.path("status").asText()).as(name + ": " + job).isEqualTo("completed");
      assertThat(job.path("retry_count").asInt()).isZero();
      assertThat(job.path("result").path("pages").asInt()).isEqualTo(expectedPages.get(name));
    }
  }

  @Test
  void encryptedPdfFailsAtOnceWithAMessageThatSaysSo() {
    JsonNode job = finished.get("libreoffice-writer-password.pdf");
    assertThat(job.path("status").asText()).isEqualTo("failed");
    assertThat(job.path("error_message").asText()).containsIgnoringCase("encrypted");
    assertThat(job.path("retry_count").asInt()).isZero();
  }

  @Test
  void failuresAreReadableAndNeverRetried() {
    finished.values().stream()
        .filter(j -> j.path("status").asText().equals("failed"))
        .forEach(
            j -> {
              String error = j.path("error_message").asText();
              assertThat(error)
                  .isNotBlank()
                  .doesNotContain("Exception")
                  .doesNotContain("\tat ")
                  .doesNotContain("/");
              assertThat(j.path("retry_count").asInt()).isZero();
            });
  }

  @Test
  void chunksOfACompletedDocumentCarryPagesAndAreComplete() {
    JsonNode job = finished.get("pdflatex-4-pages.pdf");
    assertThat(job.path("status").asText()).isEqualTo("completed");
    String doc = job.path("document_id").asText();
    JsonNode document = api.get("/api/v1/documents/" + doc).body();
    assertThat(document.path("pages").asInt()).isEqualTo(4);
    assertThat(document.path("filename").asText()).isEqualTo("pdflatex-4-pages.pdf");
    assertThat(document.path("sha256").asText()).hasSize(64);
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks?limit=1000").body();
    assertThat(chunks.path("total").asInt()).isEqualTo(document.path("chunk_count").asInt());
    int i = 0;
    for (JsonNode c : chunks.path("chunks")) {
      assertThat(c.path("chunk_index").asInt()).isEqualTo(i++);
      assertThat(c.path("page_start").asInt()).isBetween(1, 4);
      assertThat(c.path("page_end").asInt()).isBetween(c.path("page_start").asInt(), 4);
    }
    assertThat(chunks.path("chunks").get(chunks.path("chunks").size() - 1).path("page_end").asInt())
        .isEqualTo(4);
  }

  @Test
  void aSentenceFromTheDocumentFindsItFirst() {
    String doc = finished.get("pdflatex-4-pages.pdf").path("document_id").asText();
    JsonNode chunk =
        api.get("/api/v1/documents/" + doc + "/chunks?limit=1&offset=1")
            .body()
            .path("chunks")
            .get(0);
    String sentence = firstSentence(chunk.path("text").asText());
    JsonNode results =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    api.post("/api/v1/search", Map.of("query", sentence, "top_k", 5))
                        .body()
                        .path("results"),
                r -> r.size() > 0);
    // The LaTeX filler text also stands in pdflatex-outline.pdf and mistitled_outlines_example.pdf,
    // whose chunks, cut at their outline's sections, are shorter: any of them may rank first, but
    // the top hit holds the sentence, and this document is among the hits.
    assertThat(results.get(0).path("text").asText().replaceAll("\\s+", " "))
        .as("top hit for: " + sentence)
        .contains(sentence);
    List<String> hitDocuments = new ArrayList<>();
    results.forEach(r -> hitDocuments.add(r.path("document_id").asText()));
    assertThat(hitDocuments).as("hits for: " + sentence).contains(doc);
    assertThat(results.get(0).has("score")).isTrue();
    assertThat(results.get(0).path("page_start").asInt()).isPositive();
  }

  @Test
  void searchCanBeLimitedToSomeDocuments() {
    String doc = finished.get("pdflatex-4-pages.pdf").path("document_id").asText();
    String other =
        finished.values().stream()
            .filter(j -> j.path("status").asText().equals("completed"))
            .map(j -> j.path("document_id").asText())
            .filter(id -> !id.equals(doc))
            .findFirst()
            .orElseThrow();
    // A query that finds `doc` first when unfiltered must only return `other` when limited to it.
    String query =
        api.get("/api/v1/documents/" + doc + "/chunks?limit=1")
            .body()
            .path("chunks")
            .get(0)
            .path("text")
            .asText();
    JsonNode results =
        api.post(
                "/api/v1/search",
                Map.of("query", query, "top_k", 10, "document_ids", List.of(other)))
            .body()
            .path("results");
    assertThat(results.size()).isPositive();
    results.forEach(r -> assertThat(r.path("document_id").asText()).isEqualTo(other));
  }

  @Test
  void healthReportsTheParts() {
    JsonNode health = api.get("/api/v1/health").body();
    // Without Tesseract the node works, and says that OCR does not.
    boolean ocr = TesseractGate.installed();
    assertThat(health.path("status").asText()).isEqualTo(ocr ? "healthy" : "degraded");
    assertThat(health.at("/services/ocr/status").asText()).isEqualTo(ocr ? "ok" : "down");
    assertThat(health.path("database").path("status").asText()).isEqualTo("ok");
    assertThat(health.path("queue_stats").path("queue_lengths").has("high")).isTrue();
    JsonNode workers = api.get("/api/v1/workers").body().path("workers");
    assertThat(workers.size()).isEqualTo(2);
    assertThat(workers.get(0).path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
  }

  static String firstSentence(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    String[] words = flat.split(" ");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(words.length, 14); i++) {
      b.append(words[i]).append(' ');
    }
    return b.toString().strip();
  }
}
