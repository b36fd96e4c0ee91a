package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.sandbox.ParserChild;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser sandbox seen from outside: a document that exhausts its parser fails alone, with a
 * message a person can act on, while the worker and the next document carry on; a server killed
 * with SIGKILL leaves no parser process behind.
 */
class ParserSandboxEndToEndTest {
  @TempDir Path dir;

  @Test
  void aDocumentThatExhaustsTheParserFailsAloneAndTheNextOneIsIngested() {
    Map<String, String> vars = TestNode.defaults(dir);
    vars.put("TASK_MAX_WORKERS", "1");
    vars.put("INTAKE_PARSER_HEAP_MB", "64");
    try (IntakeNode node = TestNode.serve(vars)) {
      ApiClient api = new ApiClient(node.port());
      String huge = upload(api, "huge.txt", bigText(40)); // 80 MB as Java characters

      JsonNode failed = api.awaitFinished(huge, Duration.ofMinutes(3));

      assertThat(failed.path("status").asText()).isEqualTo("failed");
      assertThat(failed.path("error_message").asText())
          .isEqualTo(
              "The file needs more than the parser's 64 MB memory limit (INTAKE_PARSER_HEAP_MB)");
      assertThat(failed.path("retry_count").asInt()).isZero(); // permanent: no retry
      String next = upload(api, "next.txt", Documents.textBytes(4, 10));
      assertThat(api.awaitFinished(next, Duration.ofMinutes(2)).path("status").asText())
          .isEqualTo("completed");
      assertThat(api.getText("/metrics"))
          .contains("intake_parser_restarts_total{reason=\"out_of_memory\"} 1.0");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          api.get("/api/v1/health")
                              .body()
                              .path("services")
                              .path("parser")
                              .path("status")
                              .asText())
                      .isEqualTo("ok"));
    }
  }

  @Test
  void aServerKilledWithSigkillLeavesNoParserProcessBehind() {
    int port = IntakeProcess.freePort();
    Map<String, String> env =
        Map.of(
            "INTAKE_DATA_DIR", dir.resolve("data").toString(),
            "INTAKE_PORT", Integer.toString(port),
            "TASK_MAX_WORKERS", "2");
    ApiClient api = new ApiClient(port);
    List<ProcessHandle> parsers;
    try (IntakeProcess server = IntakeProcess.start("serve", env, dir.resolve("serve.log"))) {
      server.awaitHealthy(api, Duration.ofSeconds(90));
      ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
      parsers =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> parserChildren(handle), children -> children.size() == 2);

      server.kill();
    }

    // A child checks every second; at INTAKE_BACKGROUND_NICE=19 it runs at nice 19, so on a machine
    // busy with other work its check can come seconds late.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> parsers.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** The server's live parser children, told from any other child by their main class. */
  private static List<ProcessHandle> parserChildren(ProcessHandle parent) {
    return parent
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(p -> arguments(p).contains(ParserChild.class.getName()))
        .toList();
  }

  /**
   * A process's full argument list. {@code ProcessHandle.Info} reads at most 4 KB of it, less than
   * a child's class path, so /proc is read where there is one.
   */
  private static List<String> arguments(ProcessHandle p) {
    Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    try {
      return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return p.info().arguments().map(List::of).orElse(List.of());
    }
  }

  private static String upload(ApiClient api, String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).isEqualTo(202);
    return r.body().path("job_id").asText();
  }

  private static byte[] bigText(int megabytes) {
    byte[] paragraph = (Documents.text(7, 20) + "\n\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(megabytes * 1024 * 1024 + 1024);
    while (out.size() < megabytes * 1024 * 1024) {
      out.writeBytes(paragraph);
    }
    return out.toByteArray();
  }
}
