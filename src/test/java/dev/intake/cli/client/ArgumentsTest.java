package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Options, environment fallbacks and error mapping, without a server. */
class ArgumentsTest {

  private static Object parsed(String... args) {
    ParseResult r = new CommandLine(new Main()).parseArgs(args);
    while (r.hasSubcommand()) {
      r = r.subcommand();
    }
    return r.commandSpec().userObject();
  }

  @Test
  void submitOptionsAreParsed() {
    SubmitCommand c =
        (SubmitCommand)
            parsed(
                "submit",
                "a.txt",
                "b.pdf",
                "--priority",
                "low",
                "--force",
                "--chunk-size",
                "256",
                "--chunk-overlap",
                "32",
                "--wait",
                "--url",
                "http://h:1",
                "--api-key",
                "k");
    assertThat(c.files).containsExactly(Path.of("a.txt"), Path.of("b.pdf"));
    assertThat(c.priority).isEqualTo(Priority.LOW);
    assertThat(c.force).isTrue();
    assertThat(c.chunkSize).isEqualTo(256);
    assertThat(c.chunkOverlap).isEqualTo(32);
    assertThat(c.wait).isTrue();
    assertThat(c.server.url(Map.of())).isEqualTo("http://h:1");
    assertThat(c.server.apiKey(Map.of())).isEqualTo("k");
  }

  @Test
  void submitDefaultsLeaveChoicesToTheServer() {
    SubmitCommand c = (SubmitCommand) parsed("submit", "a.txt");
    assertThat(c.priority).isNull();
    assertThat(c.chunkSize).isNull();
    assertThat(c.force).isFalse();
    assertThat(c.wait).isFalse();
  }

  @Test
  void priorityIsCheckedAndCaseInsensitive() {
    assertThat(((SubmitCommand) parsed("submit", "--priority", "HIGH", "a")).priority)
        .isEqualTo(Priority.HIGH);
    Cli.Result bad = Cli.run("submit", "--priority", "urgent", "a.txt");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("'urgent' is not a priority: use high, medium or low");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(Cli.run("submit").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("jobs", "cleanup").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("jobs", "status").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("search").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("jobs", "list", "--limit", "many").exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void missingFileIsReportedBeforeAnythingIsSent(@org.junit.jupiter.api.io.TempDir Path dir) {
    // The URL is unreachable: had the command tried to upload, it would exit 3, not 2.
    Cli.Result r =
        Cli.run("submit", dir.resolve("nope.txt").toString(), "--url", "http://127.0.0.1:1");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("cannot read").contains("nope.txt: no such file");

    Cli.Result folder = Cli.run("submit", dir.toString(), "--url", "http://127.0.0.1:1");
    assertThat(folder.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(folder.err()).contains("is a directory").contains("ingest-dir");
  }

  @Test
  void otherCommandsParse() {
    JobsListCommand list =
        (JobsListCommand)
            parsed(
                "jobs",
                "list",
                "--status",
                "failed",
                "--type",
                "directory_batch",
                "--limit",
                "5",
                "--offset",
                "10",
                "--json");
    assertThat(list.status).isEqualTo("failed");
    assertThat(list.type).isEqualTo("directory_batch");
    assertThat(list.limit).isEqualTo(5);
    assertThat(list.offset).isEqualTo(10);
    assertThat(list.json).isTrue();

    IngestDirCommand dir =
        (IngestDirCommand)
            parsed(
                "ingest-dir",
                "/srv/docs",
                "--pattern",
                "*.pdf",
                "--pattern",
                "*.md",
                "--no-recursive");
    assertThat(dir.patterns).containsExactly("*.pdf", "*.md");
    assertThat(dir.noRecursive).isTrue();

    SearchCommand search =
        (SearchCommand)
            parsed(
                "search",
                "harbour",
                "crane",
                "--top-k",
                "3",
                "--document",
                "d1",
                "--document",
                "d2");
    assertThat(search.words).containsExactly("harbour", "crane");
    assertThat(search.topK).isEqualTo(3);
    assertThat(search.documents).containsExactly("d1", "d2");

    assertThat(((JobsCleanupCommand) parsed("jobs", "cleanup", "--days", "7")).days).isEqualTo(7);
  }

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheDefault() {
    ClientOptions none = new ClientOptions();
    assertThat(none.url(Map.of())).isEqualTo("http://127.0.0.1:8080");
    assertThat(none.apiKey(Map.of())).isNull();
    Map<String, String> env = Map.of("INTAKE_URL", "http://env:9", "INTAKE_API_KEY", "env-key");
    assertThat(none.url(env)).isEqualTo("http://env:9");
    assertThat(none.apiKey(env)).isEqualTo("env-key");
    assertThat(none.url(Map.of("INTAKE_URL", " "))).isEqualTo("http://127.0.0.1:8080");

    ClientOptions flags = new ClientOptions();
    flags.url = "http://flag:1";
    flags.apiKey = "flag-key";
    assertThat(flags.url(env)).isEqualTo("http://flag:1");
    assertThat(flags.apiKey(env)).isEqualTo("flag-key");
  }

  @Test
  void urlsAreNormalizedOrRejected() {
    assertThat(IntakeClient.normalize("http://h:8080/")).isEqualTo("http://h:8080");
    assertThat(IntakeClient.normalize(" http://h:8080/api/v1/ ")).isEqualTo("http://h:8080");
    assertThatThrownBy(() -> IntakeClient.normalize("h:8080"))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("invalid server URL 'h:8080'");
    Cli.Result r = Cli.run("workers", "status", "--url", "not a url");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("invalid server URL");
  }

  @Test
  void relativeDirectoriesAreMadeAbsolute() {
    assertThat(IngestDirCommand.absolute("/srv/docs")).isEqualTo("/srv/docs");
    assertThat(IngestDirCommand.absolute("docs/../docs/a"))
        .isEqualTo(Path.of("").toAbsolutePath().resolve("docs/a").toString());
  }

  @Test
  void serverErrorsBecomeTheirMessage() {
    IntakeClient client = new IntakeClient("http://h:1", null);
    assertThatThrownBy(
            () ->
                client.answer(409, "{\"error\":{\"code\":\"job_finished\",\"message\":\"done\"}}"))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("done");
              assertThat(e.code()).isEqualTo("job_finished");
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED);
            });
    assertThatThrownBy(() -> client.answer(502, "<html>Bad gateway</html>"))
        .hasMessage("the server at http://h:1 answered HTTP 502");
    assertThatThrownBy(() -> client.answer(200, "<html>hello</html>"))
        .hasMessageContaining("did not answer with JSON");
  }

  @Test
  void unauthorizedSaysWhatToDo() {
    String body =
        "{\"error\":{\"code\":\"unauthorized\",\"message\":\"A valid API key is required\"}}";
    assertThatThrownBy(() -> new IntakeClient("http://h:1", null).answer(401, body))
        .isInstanceOfSatisfying(
            ClientException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNAUTHORIZED))
        .hasMessage("the server needs an API key: set INTAKE_API_KEY");
    assertThatThrownBy(() -> new IntakeClient("http://h:1", "wrong").answer(401, body))
        .hasMessage("the server refused the API key: check INTAKE_API_KEY or --api-key");
  }

  @Test
  void unreachableServerExitsThreeWithAClearMessage() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nobody listens there
    }
    String url = "http://127.0.0.1:" + port;
    for (String[] args :
        new String[][] {
          {"jobs", "list", "--url", url},
          {"workers", "status", "--url", url},
          {"stats", "--url", url}
        }) {
      Cli.Result r = Cli.run(args);
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(r.err())
          .isEqualTo(
              "intake: cannot reach the Intake server at "
                  + url
                  + ": is it running? (set INTAKE_URL)\n");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void multipartFileNamesCannotBreakTheHeader() {
    assertThat(Multipart.quoted("a\"b\r\nc.txt")).isEqualTo("a%22bc.txt");
  }
}
