package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory ingestion at its edges, through real HTTP: default patterns, patterns built to make a
 * matcher backtrack, malformed patterns, and a tree of 100,000 files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryIngestEdgesTest {
  /** "A few seconds", the requirement, for requests a linear walk answers in well under one. */
  static final Duration PROMPT = Duration.ofSeconds(5);

  @TempDir static Path tmp;
  IntakeNode node;
  ApiClient api;
  Path allowed;

  @BeforeAll
  void start() throws Exception {
    allowed = Files.createDirectories(tmp.resolve("allowed"));
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    vars.put("TASK_WORKERS_AUTO_START", "false"); // batches are only listed here
    node = TestNode.serve(vars);
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private ApiClient.Response ingest(Path dir, Object patterns) {
    return api.post(
        "/api/v1/documents/ingest-directory",
        patterns == null
            ? Map.of("directory_path", dir.toString())
            : Map.of("directory_path", dir.toString(), "file_patterns", patterns));
  }

  @Test
  void defaultPatternsAreTheTypesTheParserReads() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("defaults"));
    for (String name :
        List.of(
            "a.txt", "b.md", "c.pdf", "d.docx", "e.pptx", "f.xlsx", "g.bin", "h.HTML", "i.eml",
            "j.msg", "k.zip")) {
      Files.writeString(dir.resolve(name), "x");
    }
    ApiClient.Response r = ingest(dir, null);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    JsonNode result =
        api.get("/api/v1/jobs/" + r.body().path("job_id").asText() + "/result").body();
    List<String> names = new ArrayList<>();
    result.path("result").path("documents").forEach(d -> names.add(d.path("filename").asText()));
    Collections.sort(names);
    assertThat(names)
        .containsExactly(
            "a.txt", "b.md", "c.pdf", "d.docx", "e.pptx", "f.xlsx", "h.HTML", "i.eml", "j.msg");
  }

  @Test
  void aPatternBuiltToBacktrackIsAnsweredAtOnce() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("backtrack"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(dir.resolve("a".repeat(60 + i)), "x"); // almost match: no final b
    }
    Files.writeString(dir.resolve("a".repeat(30) + "b"), "x");
    long t0 = System.nanoTime();
    ApiClient.Response r = ingest(dir, List.of("*a*a*a*a*a*a*a*a*a*ab"));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    assertThat(r.body().path("total_files_found").asInt()).isEqualTo(1);
    assertThat(took).isLessThan(PROMPT);
  }

  @Test
  void malformedPatternsAreRefusedInPlainWords() {
    Path dir = allowed;
    assertPatternRefused(ingest(dir, List.of("*.pdf", "[a")), "file_patterns[1]", "not closed");
    assertPatternRefused(ingest(dir, List.of("sub/*.txt")), "file_patterns[0]", "file names only");
    assertPatternRefused(ingest(dir, List.of("x".repeat(129))), "file_patterns[0]", "longer than");
    assertPatternRefused(ingest(dir, List.of("")), "file_patterns[0]", "empty");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      many.add("*." + i);
    }
    assertPatternRefused(ingest(dir, many), "file_patterns", "at most 32");
  }

  private static void assertPatternRefused(ApiClient.Response r, String field, String words) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    String message = r.body().path("error").path("message").asText();
    assertThat(message).startsWith(field).contains(words);
    assertThat(message).doesNotContain("index", "\n", "Exception", "regex");
  }

  @Test
  void aTreeOfOneHundredThousandFilesIsAnsweredWithinSecondsPastTheCap() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("huge"));
    for (int d = 0; d < 10; d++) {
      Path sub = Files.createDirectories(dir.resolve("part-" + d));
      for (int i = 0; i < 10_000; i++) {
        Files.createFile(sub.resolve("file-" + i + ".txt"));
      }
    }
    long jobsBefore = api.get("/api/v1/jobs").body().path("total").asLong();

    long t0 = System.nanoTime();
    ApiClient.Response tooMany = ingest(dir, List.of("*.txt"));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(tooMany.status()).as(tooMany.body().toString()).isEqualTo(400);
    assertThat(tooMany.body().path("error").path("message").asText())
        .contains("more than 10000 matching files", "INTAKE_MAX_DIRECTORY_FILES");
    assertThat(took).isLessThan(PROMPT);

    // A walk over every one of the entries, none matching, is as prompt.
    t0 = System.nanoTime();
    ApiClient.Response none = ingest(dir, List.of("*.pdf"));
    took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(none.status()).as(none.body().toString()).isEqualTo(202);
    assertThat(none.body().path("total_files_found").asInt()).isZero();
    assertThat(took).isLessThan(PROMPT);
    assertThat(api.get("/api/v1/jobs").body().path("total").asLong())
        .as("only the empty batch was recorded")
        .isEqualTo(jobsBefore + 1);
    api.awaitFinished(none.body().path("job_id").asText(), Duration.ofSeconds(10));
  }
}
