package dev.intake.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code intake} command line: one binary, several roles. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    version = "intake 0.1.0",
    description = "Asynchronous document ingestion for retrieval-augmented generation.",
    subcommands = {ServeCommand.class, WorkerCommand.class, ReindexCommand.class, dev.intake.cli.client.SubmitCommand.class, dev.intake.cli.client.IngestDirCommand.class, dev.intake.cli.client.JobsCommand.class, dev.intake.cli.client.WorkersCommand.class, dev.intake.cli.client.StatsCommand.class, dev.intake.cli.client.SearchCommand.class})
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
