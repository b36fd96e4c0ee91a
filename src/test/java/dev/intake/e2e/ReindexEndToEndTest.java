package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.app.Reindex;
import dev.intake.config.IntakeConfig;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index is a replica: wiped, it is rebuilt from the database by {@code intake reindex}.
 */
class ReindexEndToEndTest {
  @TempDir Path dir;

  @Test
  void aLostIndexIsRebuiltFromTheDatabase() throws Exception {
    Map<String, String> vars = TestNode.defaults(dir);
    String doc;
    try (IntakeNode node = TestNode.serve(vars)) {
      ApiClient api = new ApiClient(node.port());
      String job =
          api.upload(
                  "m.txt",
                  "The marmalade factory ships oranges north every spring.\n"
                      .getBytes(StandardCharsets.UTF_8),
                  Map.of())
              .body()
              .path("job_id")
              .asText();
      doc = api.awaitFinished(job, Duration.ofMinutes(1)).path("document_id").asText();
    }
    try (Stream<Path> files = Files.walk(dir.resolve("index"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThat(Reindex.run(IntakeConfig.from(vars))).isPositive();
    try (IntakeNode node = TestNode.serve(vars)) {
      ApiClient api = new ApiClient(node.port());
      var results =
          api.post("/api/v1/search", Map.of("query", "marmalade factory oranges", "top_k", 1))
              .body()
              .path("results");
      assertThat(results.size()).isEqualTo(1);
      assertThat(results.get(0).path("document_id").asText()).isEqualTo(doc);
    }
  }
}
