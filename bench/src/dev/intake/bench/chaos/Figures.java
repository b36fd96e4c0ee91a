package dev.intake.bench.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * The figures every scenario reports, as one row of a Markdown table.
 *
 * @param secondsToRecover what recovery means is the scenario's to say, in its text
 * @param longestHealthGap null where the server is stopped on purpose
 */
record Figures(JobAudit audit, String secondsToRecover, long peakRssMb, Duration longestHealthGap) {

  static final String HEADER =
      "| jobs | completed | failed | jobs lost | chunks exact | seconds to recover |"
          + " attempts burned | peak RSS | longest /health gap |\n"
          + "|---|---|---|---|---|---|---|---|---|\n";

  String row() {
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %d | %d of %d | %s | %d | %d MB | %s |%n",
        audit.jobs(),
        audit.completed(),
        audit.failed(),
        audit.lost(),
        audit.exact(),
        audit.completed(),
        secondsToRecover,
        audit.attemptsBurned(),
        peakRssMb,
        longestHealthGap == null ? "n/a" : seconds(longestHealthGap) + " s");
  }

  String table() {
    return HEADER + row();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }
}
