package dev.intake.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.intake.app.IntakeNode;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node runs its background work (the embedding threads, the parser children, the index feeder) at
 * {@code INTAKE_BACKGROUND_NICE}, and what requests wait for (the database writer) at the priority
 * it was started with. Read back from {@code /proc}; Linux only, and skipped when the test JVM
 * already runs at nice 19.
 */
class NodeBackgroundPriorityTest {

  @TempDir Path dir;

  @Test
  void embeddingParsingAndIndexingRunAtTheConfiguredNiceValueAndTheWriterDoesNot()
      throws Exception {
    assumeTrue(Threads.visible(), "per-thread nice values are a Linux feature");
    int base = Threads.currentNice();
    assumeTrue(base < 15, "the test JVM runs at nice " + base + ": nothing to lower to");
    Map<String, String> vars = TestNode.defaults(dir);
    vars.put("TASK_MAX_WORKERS", "1");
    vars.put("INTAKE_BACKGROUND_NICE", "15");
    try (IntakeNode node = TestNode.serve(vars)) {
      ApiClient api = new ApiClient(node.port());
      String job =
          api.upload("one.txt", Documents.textBytes(1, 20), Map.of())
              .body()
              .path("job_id")
              .asText();
      assertThat(api.awaitFinished(job, Duration.ofMinutes(2)).path("status").asText())
          .isEqualTo("completed");

      assertThat(Threads.niceOfThreadsNamed(MiniLmEmbeddingModel.EMBED_THREAD_PREFIX))
          .isNotEmpty()
          .allSatisfy((tid, nice) -> assertThat(nice).isEqualTo(15));
      assertThat(Threads.niceOfThreadsNamed("index-feeder"))
          .isNotEmpty()
          .allSatisfy((tid, nice) -> assertThat(nice).isEqualTo(15));
      List<ProcessHandle> children =
          ProcessHandle.current()
              .children()
              .filter(c -> c.info().command().map(cmd -> cmd.endsWith("java")).orElse(false))
              .toList();
      assertThat(children).isNotEmpty();
      for (ProcessHandle child : children) {
        assertThat(BackgroundPriority.processNice(child.pid())).hasValue(15);
      }
      // The writer every upload waits for keeps the process's priority.
      assertThat(Threads.niceOfThreadsNamed("sqlite-group"))
          .isNotEmpty()
          .allSatisfy((tid, nice) -> assertThat(nice).isEqualTo(base));
    }
  }
}
