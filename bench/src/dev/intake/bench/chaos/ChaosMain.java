package dev.intake.bench.chaos;

import dev.intake.bench.BenchReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault suite: {@code ./intake chaos [SCENARIO…] [--pdf-dir DIR] [--proxy-only]}. Each scenario
 * reproduces one fault against real Intake processes and writes its figures into its section of
 * docs/RELIABILITY.md; without names, every scenario runs.
 */
public final class ChaosMain {
  static final Path REPORT = Path.of("docs/RELIABILITY.md");

  private ChaosMain() {}

  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> all = new LinkedHashMap<>();
    for (Scenario s :
        List.of(
            new WorkerKillScenario(),
            new PostgresFaultScenario(PostgresFaultScenario.Kind.RESTART),
            new PostgresFaultScenario(PostgresFaultScenario.Kind.OUTAGE),
            new SigtermScenario(),
            new HostileScenario(),
            new BusyWorkerScenario(),
            new BurstScenario())) {
      all.put(s.name(), s);
    }
    return all;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Scenario> all = scenarios();
    List<Scenario> chosen = new ArrayList<>();
    Path pdfDir = null;
    boolean restartPostgres = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pdf-dir" -> pdfDir = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--proxy-only" -> restartPostgres = false;
        default -> {
          Scenario s = all.get(args[i]);
          if (s == null) {
            System.err.println("chaos: unknown scenario " + args[i] + " (" + all.keySet() + ")");
            System.exit(2);
          }
          chosen.add(s);
        }
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(all.values());
    }
    ChaosOptions options = new ChaosOptions(pdfDir, restartPostgres);
    int failures = 0;
    for (Scenario s : chosen) {
      System.out.println("== chaos " + s.name());
      try {
        String md = s.run(options);
        BenchReport.writeSection(
            REPORT,
            "# Reliability\n",
            s.name(),
            md
                + "\n\n_Measured "
                + Instant.now().truncatedTo(ChronoUnit.MINUTES)
                + " by `./intake chaos "
                + s.name()
                + "` on "
                + BenchReport.machine()
                + "._\n");
      } catch (Exception | AssertionError e) {
        failures++;
        System.err.println("chaos " + s.name() + " could not run: " + e);
        e.printStackTrace();
      }
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
