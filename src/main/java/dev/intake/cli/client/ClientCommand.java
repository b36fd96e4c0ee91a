package dev.intake.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The frame of every client command: server options, {@code --json}, and the one place where
 * failures become a message on stderr and an exit code (never a stack trace).
 */
abstract class ClientCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ClientOptions server = new ClientOptions();

  @Option(names = "--json", description = "Print the server's JSON instead of a table")
  boolean json;

  @Spec CommandSpec spec;

  /** The environment the options fall back to; tests may replace it. */
  Map<String, String> env = System.getenv();

  /** Does the work and returns the exit code. */
  abstract int run(IntakeClient client) throws Exception;

  @Override
  public final Integer call() {
    try {
      return run(server.client(env));
    } catch (ClientException e) {
      err().println("intake: " + e.getMessage());
      return e.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err().println("intake: interrupted");
      return ExitCodes.FAILED;
    } catch (Exception e) {
      // Still no stack trace: the user can do nothing with one, but the type helps a bug report.
      err().println("intake: unexpected error: " + e);
      return ExitCodes.FAILED;
    } finally {
      out().flush();
      err().flush();
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Pretty-printed, so it is readable and still one JSON document for {@code jq}. */
  void printJson(JsonNode node) {
    try {
      out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a parsed tree always serializes
    }
  }
}
