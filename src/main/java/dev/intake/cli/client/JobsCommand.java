package dev.intake.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code intake jobs …}: list, inspect, cancel, retry and clean up jobs. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List, inspect, cancel, retry and clean up jobs.",
    subcommands = {
      JobsListCommand.class,
      JobStatusCommand.class,
      JobCancelCommand.class,
      JobRetryCommand.class,
      JobsCleanupCommand.class
    })
public final class JobsCommand implements Runnable {
  @Spec CommandSpec spec;

  /** {@code intake jobs} alone: show what the subcommands are. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
