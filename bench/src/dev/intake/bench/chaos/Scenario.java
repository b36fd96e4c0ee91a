package dev.intake.bench.chaos;

/** One fault the chaos suite reproduces: it runs it for real and describes what it measured. */
interface Scenario {
  /** The name on the command line and of the report's section, e.g. {@code worker-kill}. */
  String name();

  /** Runs the fault against real processes; returns the report's section, in Markdown. */
  String run(ChaosOptions options) throws Exception;
}
