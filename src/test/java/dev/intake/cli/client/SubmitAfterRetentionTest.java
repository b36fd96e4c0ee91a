package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code intake submit --wait} of content the server already holds, after retention removed the job
 * that ingested it: the server answers with the document and no job, and there is nothing to
 * follow.
 */
class SubmitAfterRetentionTest {
  @TempDir Path dir;
  IntakeNode node;
  String url;

  @BeforeEach
  void start() {
    node = TestNode.serve(dir.resolve("data"));
    url = "http://127.0.0.1:" + node.port();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void aDuplicateWhoseJobWasCleanedUpEndsAtOnceAsItsDocument() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tides.txt"),
            "Tides rise and fall twice a day as the moon pulls the oceans.",
            StandardCharsets.UTF_8);
    Cli.Result first = Cli.run("submit", file.toString(), "--wait", "--url", url);
    assertThat(first.exit()).as(first.toString()).isZero();
    ApiClient api = new ApiClient(node.port());
    assertThat(api.delete("/api/v1/jobs/cleanup?days_old=0").body().path("deleted").asInt())
        .isEqualTo(1);

    Cli.Result again = Cli.run("submit", file.toString(), "--wait", "--url", url);

    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).isEmpty();
    assertThat(again.out())
        .contains("duplicate of document")
        .containsPattern("(?m)^tides\\.txt\\s+-\\s+completed\\s")
        .contains("1 completed");
  }
}
