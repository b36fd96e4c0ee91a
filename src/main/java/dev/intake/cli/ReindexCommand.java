package dev.intake.cli;

import dev.intake.app.Reindex;
import dev.intake.config.ConfigException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code intake reindex}: rebuilds this node's search index from the database. */
@Command(
    name = "reindex",
    description = "Rebuild the search index from the stored chunks (server must be stopped).")
final class ReindexCommand implements Callable<Integer> {
  @Mixin NodeOptions node = new NodeOptions();

  @Override
  public Integer call() {
    try {
      long chunks = Reindex.run(node.config(Map.of()));
      System.out.println("Search index rebuilt: " + chunks + " chunks");
      return 0;
    } catch (ConfigException e) {
      return NodeOptions.reportConfigError(e);
    }
  }
}
