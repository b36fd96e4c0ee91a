package dev.intake.sandbox;

import dev.intake.pipeline.IngestException;
import java.time.Duration;
import java.util.Locale;

/**
 * The failures of a document whose parser child did not answer: each says what happened in words a
 * person can act on, and names the setting that decides it. Running the document again would end
 * the same way, so all but {@link #unavailable} are permanent.
 */
final class SandboxFailures {

  /** The exit code of a JVM that ran out of memory under {@code -XX:+ExitOnOutOfMemoryError}. */
  static final int OUT_OF_MEMORY_EXIT = 3;

  private SandboxFailures() {}

  static IngestException outOfMemory(int heapMb) {
    return IngestException.permanent(
        "parser_out_of_memory",
        "The file needs more than the parser's "
            + heapMb
            + " MB memory limit (INTAKE_PARSER_HEAP_MB)");
  }

  static IngestException timedOut(Duration limit) {
    return IngestException.permanent(
        "parse_timeout", "Parsing stopped after " + seconds(limit) + " s (INTAKE_PARSE_TIMEOUT)");
  }

  static IngestException crashed() {
    return IngestException.permanent("parser_crashed", "The parser crashed on this file");
  }

  /** No parser child could take the document: not the document's fault, so it is retried. */
  static IngestException unavailable(String why) {
    return IngestException.transientFailure(
        "parser_unavailable", "The parser is not available: " + why, null);
  }

  static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
