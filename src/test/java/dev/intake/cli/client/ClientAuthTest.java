package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A server with INTAKE_API_KEY set: the client must send the key, and says so if it does not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAuthTest {
  @TempDir static Path dataDir;
  IntakeNode node;
  String url;

  @BeforeAll
  void start() {
    Map<String, String> vars = TestNode.defaults(dataDir);
    vars.put("INTAKE_API_KEY", "secret");
    node = TestNode.serve(vars);
    url = "http://127.0.0.1:" + node.port();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void withoutAKeyTheClientSaysWhichVariableToSet() {
    Cli.Result r = Cli.run("workers", "status", "--url", url);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(r.err()).isEqualTo("intake: the server needs an API key: set INTAKE_API_KEY\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theRightKeyWorks() {
    Cli.Result r = Cli.run("workers", "status", "--url", url, "--api-key", "secret");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("2 workers");
  }

  @Test
  void theEnvironmentSuppliesUrlAndKeyAndFlagsOverrideIt() {
    WorkersStatusCommand fromEnv = new WorkersStatusCommand();
    fromEnv.env = Map.of("INTAKE_URL", url, "INTAKE_API_KEY", "secret");
    StringWriter out = new StringWriter();
    int exit = new CommandLine(fromEnv).setOut(new PrintWriter(out, true)).execute();
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("2 workers");

    WorkersStatusCommand overridden = new WorkersStatusCommand();
    overridden.env = Map.of("INTAKE_URL", url, "INTAKE_API_KEY", "secret");
    StringWriter err = new StringWriter();
    exit =
        new CommandLine(overridden)
            .setErr(new PrintWriter(err, true))
            .execute("--api-key", "wrong");
    assertThat(exit).isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(err.toString()).contains("refused the API key");
  }

  @Test
  void aWrongKeyIsRefused() {
    Cli.Result r = Cli.run("jobs", "list", "--url", url, "--api-key", "guess");
    assertThat(r.exit()).isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(r.err()).contains("refused the API key");
  }
}
