package dev.intake.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code intake workers …}: the worker processes that take jobs. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = "Inspect the workers.",
    subcommands = WorkersStatusCommand.class)
public final class WorkersCommand implements Runnable {
  @Spec CommandSpec spec;

  /** {@code intake workers} alone: show what the subcommands are. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
