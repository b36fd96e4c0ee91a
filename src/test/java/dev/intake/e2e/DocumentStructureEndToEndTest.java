package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.PdfSamples;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure inside a document reaches the API: each chunk's {@code section} (the heading path
 * it falls under) on {@code /documents/{id}/chunks} and on search hits, and what the file says
 * about itself (title, author) and the language told from its text on {@code /documents/{id}}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentStructureEndToEndTest {
  @TempDir static Path dataDir;
  IntakeNode node;
  ApiClient api;

  @BeforeAll
  void start() {
    node = TestNode.serve(TestNode.defaults(dataDir));
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private String ingest(String name, String content) {
    return ingest(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private String ingest(String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of("chunk_size", "32"));
    assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(202);
    JsonNode job = api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(2));
    assertThat(job.path("status").asText()).as(name + ": " + job).isEqualTo("completed");
    return job.path("document_id").asText();
  }

  private static String paragraph(String topic, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("The ").append(topic).append(" step ").append(i).append(" is written out here. ");
    }
    return s.toString();
  }

  @Test
  void chunksAndHitsCarryTheHeadingPathTheyFallUnder() {
    String md =
        "# 2 Installation\n\n"
            + paragraph("download", 6)
            + "\n\n## 2.1 Requirements\n\n"
            + paragraph("quartzite", 6)
            + "\n\n# 3 Usage\n\n"
            + paragraph("launch", 6)
            + "\n";
    String doc = ingest("manual.md", md);
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks").body().path("chunks");
    List<String> sectionsOfQuartzite = new ArrayList<>();
    List<String> sectionsOfLaunch = new ArrayList<>();
    for (JsonNode c : chunks) {
      if (c.path("text").asText().contains("quartzite")) {
        sectionsOfQuartzite.add(c.path("section").asText());
      }
      if (c.path("text").asText().contains("launch")) {
        sectionsOfLaunch.add(c.path("section").asText());
      }
    }
    assertThat(sectionsOfQuartzite).isNotEmpty().contains("2 Installation > 2.1 Requirements");
    assertThat(sectionsOfLaunch).isNotEmpty().allMatch(s -> s.equals("3 Usage"));

    JsonNode hits =
        api.post("/api/v1/search", Map.of("query", "quartzite step", "top_k", 3))
            .body()
            .path("results");
    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).path("section").asText()).isEqualTo("2 Installation > 2.1 Requirements");
  }

  @Test
  void aDocumentRecordsTheTitleAndAuthorItsFileNames() {
    String html =
        "<html><head><title>Orchard Handbook</title>"
            + "<meta name=\"author\" content=\"Ada Pomona\"></head><body><h1>Pruning</h1><p>"
            + paragraph("pruning", 4)
            + "</p></body></html>";
    String doc = ingest("orchard.html", html);
    JsonNode d = api.get("/api/v1/documents/" + doc).body();
    assertThat(d.path("title").asText()).isEqualTo("Orchard Handbook");
    assertThat(d.path("author").asText()).isEqualTo("Ada Pomona");
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks").body().path("chunks");
    assertThat(chunks.get(0).path("section").asText()).isEqualTo("Pruning");
  }

  @Test
  void aPdfsOutlineGivesItsChunksSectionsAndItsInfoDictionaryItsFields() throws Exception {
    byte[] pdf;
    try (PdfSamples sample = new PdfSamples()) {
      sample.page(lines("1 Planting", "planting"));
      sample.page(lines("1.1 Soil", "loam"));
      sample.page(lines("2 Harvest", "harvest"));
      PDOutlineItem planting = sample.bookmark(sample.outline(), "1 Planting", 1);
      sample.bookmark(planting, "1.1 Soil", 2);
      sample.bookmark(sample.outline(), "2 Harvest", 3);
      sample.info("Orchard Manual", "Ada Pomona", null, "en-GB");
      pdf = sample.bytes();
    }
    String doc = ingest("orchard.pdf", pdf);
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks").body().path("chunks");
    List<String> sectionsOfLoam = new ArrayList<>();
    List<String> sectionsOfHarvest = new ArrayList<>();
    for (JsonNode c : chunks) {
      if (c.path("text").asText().contains("loam")) {
        sectionsOfLoam.add(c.path("section").asText());
      }
      if (c.path("text").asText().contains("harvest step")) {
        sectionsOfHarvest.add(c.path("section").asText());
      }
    }
    assertThat(sectionsOfLoam).isNotEmpty().allMatch(s -> s.equals("1 Planting > 1.1 Soil"));
    assertThat(sectionsOfHarvest).isNotEmpty().allMatch(s -> s.equals("2 Harvest"));
    JsonNode d = api.get("/api/v1/documents/" + doc).body();
    assertThat(d.path("title").asText()).isEqualTo("Orchard Manual");
    assertThat(d.path("author").asText()).isEqualTo("Ada Pomona");
    assertThat(d.path("language").asText()).isEqualTo("en-GB");
  }

  /** A heading line, then lines of text about {@code topic}. */
  private static String[] lines(String heading, String topic) {
    String[] lines = new String[7];
    lines[0] = heading;
    for (int i = 1; i < lines.length; i++) {
      lines[i] = "The " + topic + " step " + i + " is written out here in a full line.";
    }
    return lines;
  }

  @Test
  void aDocumentWithoutDeclaredLanguageGetsTheOneOfItsText() {
    String text =
        "The orchard committee met on Tuesday to plan the harvest. Most members agreed that the"
            + " apples should be picked before the first frost, because the late varieties do not"
            + " keep well once the nights turn cold. The volunteers will meet again next week to"
            + " share out the baskets and the ladders.\n";
    String doc = ingest("harvest.txt", text);
    assertThat(api.get("/api/v1/documents/" + doc).body().path("language").asText())
        .isEqualTo("en");
  }
}
