package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code intake search QUERY}: the best matching chunks of the ingested documents. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Search the ingested documents.")
public final class SearchCommand extends ClientCommand {
  private static final int SNIPPET_WIDTH = 80;

  @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Words to search for")
  List<String> words;

  @Option(names = "--top-k", paramLabel = "K", description = "Number of results (default 5)")
  int topK = 5;

  @Option(
      names = "--document",
      paramLabel = "ID",
      description = "Search only this document; repeatable")
  List<String> documents = new ArrayList<>();

  @Override
  int run(IntakeClient client) {
    // Several words without quotes are one query: `intake search harbour crane` just works.
    JsonNode body = client.search(String.join(" ", words), topK, documents);
    if (json) {
      printJson(body);
    } else {
      out().print(SystemViews.search(body, SNIPPET_WIDTH));
    }
    return ExitCodes.OK;
  }
}
