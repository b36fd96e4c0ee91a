package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest-dir}, {@code stats} and {@code jobs cleanup} against a real server. Ordered because
 * cleanup deletes the finished jobs the other tests create: it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientBatchServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  IntakeNode node;
  String url;
  Path root;

  @BeforeAll
  void start() throws Exception {
    root = Files.createDirectories(dir.resolve("shared"));
    Path docs = Files.createDirectories(root.resolve("docs/sub"));
    Files.writeString(root.resolve("docs/a.txt"), "Alpha notes about the orchard ladder.\n");
    Files.writeString(root.resolve("docs/sub/b.txt"), "Beta notes about the canal lock.\n");
    Files.writeString(root.resolve("docs/c.md"), "# Gamma\n\nNot matched by the pattern.\n");
    Path mixed = Files.createDirectories(root.resolve("mixed"));
    Files.writeString(mixed.resolve("good.txt"), "Delta notes about the signal box.\n");
    Files.write(mixed.resolve("empty.txt"), new byte[0]);
    assertThat(docs).isDirectory();
    Map<String, String> vars = TestNode.defaults(dir.resolve("data"));
    vars.put("INTAKE_ALLOWED_DIRS", root.toString());
    node = TestNode.serve(vars);
    url = "http://127.0.0.1:" + node.port();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private Cli.Result cli(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--url";
    all[args.length + 1] = url;
    return Cli.run(all);
  }

  @Test
  @Order(1)
  void ingestDirWaitsForTheBatchAndListsEveryFile() {
    Cli.Result r =
        cli("ingest-dir", root.resolve("docs").toString(), "--pattern", "*.txt", "--wait");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("Batch job \\S+: 2 files found in ")
        .contains("docs/: completed")
        .containsPattern("2 files, 2 successful, 0 failed, 0 skipped")
        .containsPattern("(?m)^a\\.txt\\s+completed")
        .containsPattern("(?m)^b\\.txt\\s+completed")
        .doesNotContain("c.md");
  }

  @Test
  @Order(2)
  void patternsAndRecursionReachTheServer() throws Exception {
    Cli.Result flat =
        cli(
            "ingest-dir",
            root.resolve("docs").toString(),
            "--pattern",
            "*.txt",
            "--no-recursive",
            "--json");
    JsonNode answer = JSON.readTree(flat.out());
    assertThat(answer.path("total_files_found").asInt()).as(flat.toString()).isEqualTo(1);

    Cli.Result two =
        cli(
            "ingest-dir",
            root.resolve("docs").toString(),
            "--pattern",
            "*.txt",
            "--pattern",
            "*.md",
            "--json");
    assertThat(JSON.readTree(two.out()).path("total_files_found").asInt()).isEqualTo(3);
  }

  @Test
  @Order(3)
  void aBatchWithAFailedFileExitsOneAndNamesTheError() {
    Cli.Result r = cli("ingest-dir", root.resolve("mixed").toString(), "--wait");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.out())
        .containsPattern("(?m)^good\\.txt\\s+completed")
        .containsPattern("(?m)^empty\\.txt\\s+failed\\s+\\S+\\s+The file is empty$");
  }

  @Test
  @Order(4)
  void directoriesOutsideTheAllowedRootsAreRefused() {
    Cli.Result r = cli("ingest-dir", dir.resolve("data").toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).isEqualTo("intake: directory_path is not below an allowed directory\n");
  }

  @Test
  @Order(5)
  void statsShowTheLastDay() throws Exception {
    Cli.Result r = cli("stats");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("Jobs in the last 24 h: [1-9]")
        .containsPattern("(?m)^completed\\s+[1-9]")
        .containsPattern("(?m)^completed\\s+\\d+\\.\\ds") // the processing-time row
        .contains("QUEUE")
        .containsPattern("(?m)^total\\s+\\d+$");
    JsonNode json = JSON.readTree(cli("stats", "--json").out());
    assertThat(json.path("total_24h").asInt()).isPositive();
  }

  @Test
  @Order(6)
  void cleanupDeletesOnlyFinishedJobsOlderThanTheCutoff() {
    Cli.Result some = cli("jobs", "list", "--status", "completed", "--limit", "1");
    Matcher m = Pattern.compile("(?m)^(\\S+)\\s+single_document").matcher(some.out());
    assertThat(m.find()).as(some.toString()).isTrue();
    String job = m.group(1);

    Cli.Result none = cli("jobs", "cleanup", "--days", "7");
    assertThat(none.exit()).as(none.toString()).isZero();
    assertThat(none.out()).isEqualTo("Deleted 0 finished jobs older than 7 days.\n");

    Cli.Result all = cli("jobs", "cleanup", "--days", "0");
    assertThat(all.exit()).as(all.toString()).isZero();
    assertThat(all.out())
        .containsPattern("^Deleted [1-9]\\d* finished jobs older than 0 days\\.\n$");
    assertThat(cli("jobs", "status", job).exit()).isEqualTo(ExitCodes.FAILED);
  }
}
