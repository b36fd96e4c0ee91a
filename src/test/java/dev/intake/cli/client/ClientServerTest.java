package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real Intake server running in this JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT =
      "The lighthouse keeper repaints the zebra crossing in Porthcurno every Thursday morning.\n\n"
          + "Afterwards he walks the dog along the cliffs and counts the gannets.\n";

  @TempDir static Path dir;
  IntakeNode node;
  ApiClient api;
  String url;
  Cli.Result goodSubmit;
  Cli.Result emptySubmit;
  String goodJob;

  @BeforeAll
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void start() throws Exception {
    node = TestNode.serve(dir.resolve("data"));
    url = "http://127.0.0.1:" + node.port();
    api = new ApiClient(node.port());
    Path good = Files.writeString(dir.resolve("lighthouse.txt"), TEXT, StandardCharsets.UTF_8);
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
    // Two uploads through the CLI that the tests below inspect from several sides.
    goodSubmit = Cli.run("submit", good.toString(), "--wait", "--url", url);
    emptySubmit = Cli.run("submit", empty.toString(), "--wait", "--url", url);
    goodJob = jobIdOf(goodSubmit, "lighthouse.txt");
    // The server feeds its search index from an outbox shortly after a job completes, so a
    // finished job is not searchable at once: wait for that before any test searches.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.post("/api/v1/search", Map.of("query", "gannets")).body().path("results").size()
                    > 0);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private Cli.Result cli(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--url";
    all[args.length + 1] = url;
    return Cli.run(all);
  }

  /** The job id in the upload table's row for {@code file}. */
  private static String jobIdOf(Cli.Result r, String file) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(file) + "\\s+(\\S+)\\s+(\\S+)").matcher(r.out());
    assertThat(m.find()).as(r.toString()).isTrue();
    return m.group(1);
  }

  private static JsonNode parse(Cli.Result r) throws Exception {
    assertThat(r.exit()).as(r.toString()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void submitWithWaitFollowsTheJobToCompletion() {
    assertThat(goodSubmit.exit()).as(goodSubmit.toString()).isZero();
    assertThat(goodSubmit.err()).isEmpty();
    // The job the output names is real and completed on the server.
    assertThat(api.get("/api/v1/jobs/" + goodJob).body().path("status").asText())
        .isEqualTo("completed");
    assertThat(goodSubmit.out())
        .contains("lighthouse.txt: completed") // the progress lines (stdout is not a terminal)
        .containsPattern("(?m)^lighthouse\\.txt\\s+" + goodJob + "\\s+completed\\s")
        .contains("1 completed")
        .doesNotContain("\033["); // no ANSI codes when the output is not a terminal
  }

  @Test
  void emptyFileFailsWithTheServersReadableError() {
    assertThat(emptySubmit.exit()).as(emptySubmit.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(emptySubmit.out())
        .contains("empty.txt: failed: The file is empty")
        .containsPattern("(?m)^empty\\.txt\\s+\\S+\\s+failed\\s.*The file is empty$")
        .contains("1 failed")
        .doesNotContain("Exception");
  }

  @Test
  void duplicatesAreNamedAndOptionsReachTheServer() throws Exception {
    Path copy = Files.writeString(dir.resolve("copy.txt"), TEXT, StandardCharsets.UTF_8);
    String document = api.get("/api/v1/jobs/" + goodJob).body().path("document_id").asText();

    Cli.Result again = cli("submit", copy.toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("duplicate of document " + document).contains("--force");

    // --force and --priority are sent: a new job, at low priority.
    Cli.Result forced = cli("submit", copy.toString(), "--force", "--priority", "low");
    assertThat(forced.exit()).as(forced.toString()).isZero();
    String forcedJob = jobIdOf(forced, "copy.txt");
    assertThat(forcedJob).isNotEqualTo(goodJob);
    assertThat(api.get("/api/v1/jobs/" + forcedJob).body().path("priority").asText())
        .isEqualTo("low");

    // Chunk settings are sent: the server checks them and says what is wrong.
    Cli.Result bad = cli("submit", copy.toString(), "--chunk-size", "64", "--chunk-overlap", "64");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(bad.err()).startsWith("intake: " + copy + ": ").contains("overlap");
  }

  @Test
  void jobsListShowsTheJobsAndFilters() {
    Cli.Result all = cli("jobs", "list");
    assertThat(all.exit()).as(all.toString()).isZero();
    assertThat(all.out()).startsWith("JOB ").contains(goodJob).containsPattern("\\d+ of \\d+ jobs");

    Cli.Result completed = cli("jobs", "list", "--status", "completed", "--limit", "100");
    assertThat(completed.out()).contains(goodJob);
    Cli.Result failed = cli("jobs", "list", "--status", "failed", "--limit", "100");
    assertThat(failed.exit()).as(failed.toString()).isZero();
    assertThat(failed.out()).doesNotContain(goodJob);

    Cli.Result bogus = cli("jobs", "list", "--status", "bogus");
    assertThat(bogus.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(bogus.err()).startsWith("intake: status must be one of");
  }

  @Test
  void jobsStatusShowsTheDetail() {
    Cli.Result r = cli("jobs", "status", goodJob);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Job         " + goodJob)
        .contains("Status      completed")
        .contains("Retries     0 of ")
        .contains("Result\n")
        .containsPattern("chunk_count\\s+[1-9]");

    Cli.Result missing = cli("jobs", "status", "no-such-job");
    assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.err()).isEqualTo("intake: No job with id no-such-job\n");
  }

  @Test
  void cancellingAFinishedJobIsRefusedWithTheServersMessage() {
    Cli.Result r = cli("jobs", "cancel", goodJob);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).isEqualTo("intake: Job " + goodJob + " has already finished\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void retryOnlyForFailedJobs() {
    Cli.Result refused = cli("jobs", "retry", goodJob);
    assertThat(refused.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err()).contains("Only failed or cancelled jobs can be retried");

    String emptyJob = jobIdOf(emptySubmit, "empty.txt");
    Cli.Result retried = cli("jobs", "retry", emptyJob);
    assertThat(retried.exit()).as(retried.toString()).isZero();
    assertThat(retried.out()).startsWith("Job " + emptyJob + " is queued again");
  }

  @Test
  void searchFindsTheSubmittedText() {
    Cli.Result r = cli("search", "lighthouse", "zebra", "crossing", "--top-k", "3");
    assertThat(r.exit()).as(r.toString()).isZero();
    // Another test uploads the same text again under another name; either may rank first.
    assertThat(r.out().lines().skip(1).findFirst().orElse(""))
        .startsWith("1 ")
        .containsPattern("(lighthouse|copy)\\.txt")
        .contains("The lighthouse keeper repaints");

    String document = api.get("/api/v1/jobs/" + goodJob).body().path("document_id").asText();
    Cli.Result only = cli("search", "gannets", "--document", document);
    assertThat(only.out()).contains("lighthouse.txt").doesNotContain("copy.txt");
    Cli.Result elsewhere = cli("search", "lighthouse", "--document", "no-such-document");
    assertThat(elsewhere.out()).isEqualTo("No matches.\n");
  }

  @Test
  void workersStatusListsBothWorkers() throws Exception {
    Cli.Result r = cli("workers", "status");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines()).hasSize(4); // header, two workers, count
    assertThat(r.out()).startsWith("NAME ").endsWith("2 workers\n");
    assertThat(parse(cli("workers", "status", "--json")).path("workers")).hasSize(2);
  }

  @Test
  void jsonOutputIsTheServersJson() throws Exception {
    JsonNode job = parse(cli("jobs", "status", goodJob, "--json"));
    assertThat(job.path("job_id").asText()).isEqualTo(goodJob);
    assertThat(job.path("status").asText()).isEqualTo("completed");

    JsonNode list = parse(cli("jobs", "list", "--json", "--limit", "1"));
    assertThat(list.path("jobs")).hasSize(1);
    assertThat(list.path("total").asLong()).isGreaterThanOrEqualTo(2);

    JsonNode hits = parse(cli("search", "gannets", "--json"));
    assertThat(hits.path("results").get(0).path("text").asText()).contains("gannets");

    Path other = Files.writeString(dir.resolve("json.txt"), "Quiet json test file.\n");
    JsonNode uploads = parse(cli("submit", other.toString(), "--json", "--wait"));
    assertThat(uploads.isArray()).isTrue();
    assertThat(uploads.get(0).path("status").asText()).isEqualTo("completed");
  }
}
