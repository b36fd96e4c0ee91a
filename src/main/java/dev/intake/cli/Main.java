package dev.intake.cli;

import dev.intake.cli.client.IngestDirCommand;
import dev.intake.cli.client.JobsCommand;
import dev.intake.cli.client.SearchCommand;
import dev.intake.cli.client.StatsCommand;
import dev.intake.cli.client.SubmitCommand;
import dev.intake.cli.client.WorkersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code intake} command line: one binary, several roles. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    version = "intake 0.1.0",
    description = "Asynchronous document ingestion for retrieval-augmented generation.",
    subcommands = {
      ServeCommand.class,
      WorkerCommand.class,
      EmbedServerCommand.class,
      ReindexCommand.class,
      SubmitCommand.class,
      IngestDirCommand.class,
      JobsCommand.class,
      WorkersCommand.class,
      StatsCommand.class,
      SearchCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
