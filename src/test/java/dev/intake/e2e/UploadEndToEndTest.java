package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Uploads of every supported format and of bad input, through the real HTTP API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadEndToEndTest {
  @TempDir static Path dataDir;
  IntakeNode node;
  ApiClient api;

  @BeforeAll
  void start() {
    Map<String, String> vars = TestNode.defaults(dataDir);
    vars.put("INTAKE_MAX_UPLOAD_MB", "1");
    node = TestNode.serve(vars);
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private JsonNode ingest(String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(202);
    return api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(2));
  }

  private void assertCompletedWithText(String name, byte[] content, String expected) {
    JsonNode job = ingest(name, content);
    assertThat(job.path("status").asText()).as(name + ": " + job).isEqualTo("completed");
    String doc = job.path("document_id").asText();
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks").body();
    StringBuilder all = new StringBuilder();
    chunks.path("chunks").forEach(c -> all.append(c.path("text").asText()).append(' '));
    assertThat(all.toString()).as(name).contains(expected);
    assertThat(job.path("result").path("pages").asInt()).isEqualTo(1);
  }

  @Test
  void plainTextIsIngested() {
    assertCompletedWithText("notes.txt", Documents.textBytes(1, 3), "Marker 1-2");
  }

  @Test
  void markdownIsIngested() {
    String md =
        "# Release notes\n\nThe **harbour** crane was repaired on Tuesday.\n\n- item one\n- item two\n";
    assertCompletedWithText(
        "notes.md", md.getBytes(StandardCharsets.UTF_8), "crane was repaired on Tuesday");
  }

  @Test
  void htmlIsIngestedWithoutMarkup() {
    String html =
        "<html><head><title>T</title><script>var x=1;</script></head><body><h1>Garden</h1>"
            + "<p>The winter garden opens at nine in the morning.</p></body></html>";
    JsonNode job = ingest("page.html", html.getBytes(StandardCharsets.UTF_8));
    assertThat(job.path("status").asText()).isEqualTo("completed");
    String text =
        api.get("/api/v1/documents/" + job.path("document_id").asText() + "/chunks")
            .body()
            .path("chunks")
            .get(0)
            .path("text")
            .asText();
    assertThat(text)
        .contains("winter garden opens at nine")
        .doesNotContain("<p>")
        .doesNotContain("var x");
  }

  @Test
  void docxIsIngested() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XWPFDocument docx = new XWPFDocument()) {
      docx.createParagraph()
          .createRun()
          .setText("The library lends mountain maps to every member.");
      docx.createParagraph().createRun().setText("Second paragraph about the river market.");
      docx.write(out);
    }
    assertCompletedWithText("maps.docx", out.toByteArray(), "library lends mountain maps");
  }

  @Test
  void badFilesFailTheirOwnJobWithAReadableMessage() throws Exception {
    JsonNode corrupt =
        ingest("broken.pdf", "%PDF-1.4\nthis is not really a pdf".getBytes(StandardCharsets.UTF_8));
    JsonNode empty = ingest("empty.txt", new byte[0]);
    // An image is read by OCR now: an unknown binary is what no parser reads.
    JsonNode png = ingest("data.bin", randomBytes());
    JsonNode good = ingest("fine.txt", Documents.textBytes(9, 2));
    for (JsonNode bad : new JsonNode[] {corrupt, empty, png}) {
      assertThat(bad.path("status").asText()).isEqualTo("failed");
      assertThat(bad.path("retry_count").asInt()).isZero();
      assertThat(bad.path("error_message").asText())
          .isNotBlank()
          .doesNotContain("Exception")
          .doesNotContain(dataDir.toString());
    }
    assertThat(empty.path("error_message").asText()).containsIgnoringCase("empty");
    assertThat(png.path("error_message").asText()).containsIgnoringCase("unsupported");
    assertThat(good.path("status").asText()).isEqualTo("completed");
  }

  @Test
  void identicalUploadReturnsTheExistingDocumentUnlessForced() {
    byte[] content = Documents.textBytes(77, 2);
    JsonNode first = ingest("same.txt", content);
    ApiClient.Response again = api.upload("same-again.txt", content, Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("duplicate").asBoolean()).isTrue();
    assertThat(again.body().path("document_id").asText())
        .isEqualTo(first.path("document_id").asText());
    assertThat(again.body().path("job_id").asText()).isEqualTo(first.path("job_id").asText());
    ApiClient.Response forced = api.upload("same.txt", content, Map.of("force", "true"));
    assertThat(forced.status()).isEqualTo(202);
    assertThat(forced.body().path("document_id").asText())
        .isNotEqualTo(first.path("document_id").asText());
    ApiClient.Response otherSettings = api.upload("same.txt", content, Map.of("chunk_size", "128"));
    assertThat(otherSettings.status()).isEqualTo(202);
  }

  @Test
  void tooLargeUploadIsRefusedAndLeavesNothingBehind() throws Exception {
    long docsBefore = api.get("/api/v1/documents").body().path("total").asLong();
    ApiClient.Response r = api.upload("big.txt", new byte[2 * 1024 * 1024], Map.of());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body().path("error").path("code").asText()).isEqualTo("file_too_large");
    assertThat(api.get("/api/v1/documents").body().path("total").asLong()).isEqualTo(docsBefore);
    try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile).filter(p -> p.toFile().length() >= 1024 * 1024))
          .isEmpty();
    }
    try (Stream<Path> files = Files.walk(dataDir.resolve("tmp"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void badRequestsGetClearErrors() {
    ApiClient.Response badPriority =
        api.upload("a.txt", Documents.textBytes(5, 1), Map.of("priority", "urgent"));
    assertThat(badPriority.status()).isEqualTo(400);
    assertThat(badPriority.body().path("error").path("message").asText()).contains("priority");
    ApiClient.Response badChunk =
        api.upload(
            "a.txt", Documents.textBytes(5, 1), Map.of("chunk_size", "64", "chunk_overlap", "64"));
    assertThat(badChunk.status()).isEqualTo(400);
    ApiClient.Response missing = api.get("/api/v1/jobs/does-not-exist");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("error").path("code").asText()).isEqualTo("job_not_found");
    assertThat(api.get("/api/v1/documents/nope").body().path("error").path("code").asText())
        .isEqualTo("document_not_found");
    assertThat(api.post("/api/v1/search", Map.of("query", "")).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/jobs?status=bogus").status()).isEqualTo(400);
  }

  @Test
  void progressOnlyGrowsAndEndsAtOneHundred() {
    ApiClient.Response r = api.upload("long.txt", Documents.textBytes(3, 120), Map.of());
    String id = r.body().path("job_id").asText();
    double last = 0;
    java.util.Set<String> stages = new java.util.LinkedHashSet<>();
    while (true) {
      JsonNode p = api.get("/api/v1/jobs/" + id + "/progress").body();
      assertThat(p.path("progress").asDouble()).isGreaterThanOrEqualTo(last);
      last = p.path("progress").asDouble();
      if (!p.path("stage").isNull() && !p.path("stage").asText().isEmpty()) {
        stages.add(p.path("stage").asText());
      }
      if (p.path("status").asText().equals("completed")) {
        assertThat(last).isEqualTo(100.0);
        break;
      }
      assertThat(p.path("status").asText()).isIn("pending", "processing");
    }
    assertThat(stages).contains("embedding");
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[4096];
    new java.util.Random(17).nextBytes(bytes);
    return bytes;
  }
}
