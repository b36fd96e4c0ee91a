package dev.intake.bench.chaos;

import java.nio.file.Path;

/**
 * Settings of one chaos run.
 *
 * @param pdfDir the PDFs of the worker-kill run (the first 40 by name, repeated if fewer); null:
 *     the sample PDFs kept with the tests
 * @param restartPostgres whether pg-restart restarts the real server with {@code pg_ctlcluster} (as
 *     root only); otherwise the proxy refuses connections and resets the open ones
 */
record ChaosOptions(Path pdfDir, boolean restartPostgres) {}
