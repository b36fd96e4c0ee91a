package dev.intake.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether a worker process is alive and whether it is ready for work, with the reasons, for the
 * probes of a process supervisor (Kubernetes, Compose).
 *
 * <ul>
 *   <li><b>Ready</b> while no part of the process is {@link HealthRegistry.Level#DOWN} (the
 *       database, the parser processes, the embedding endpoint) and its workers run. Not ready says
 *       "this process cannot do work now"; it recovers on its own when the part does. OCR is the
 *       exception: a worker without Tesseract still reads every document with a text layer, and
 *       fails image-only ones with a message that says how to enable OCR, so its absence is
 *       reported in {@code /health} but keeps no process from being ready.
 *   <li><b>Live</b> while the process still runs its workers, stopping ones included. A restart
 *       helps only a process whose workers have ended without being told to; a database outage must
 *       not get workers restarted (each restart would cost the time to load the model and start
 *       parser processes, and change nothing).
 * </ul>
 */
public final class Readiness {

  /** What the probes report. */
  public record Report(boolean live, boolean ready, List<String> reasons) {}

  /** Parts that, down, leave the process ready: it still does most of its work without them. */
  private static final Set<String> OPTIONAL = Set.of("ocr"); // ParserPool.OCR_HEALTH_PART

  private final HealthRegistry health;
  private final Supplier<String> poolState;

  /**
   * @param poolState the worker pool's state: {@code running}, {@code stopping} or {@code stopped}
   */
  public Readiness(HealthRegistry health, Supplier<String> poolState) {
    this.health = health;
    this.poolState = poolState;
  }

  public Report report() {
    List<String> reasons = new ArrayList<>();
    for (Map.Entry<String, HealthRegistry.Status> part : health.snapshot().entrySet()) {
      if (part.getValue().level() == HealthRegistry.Level.DOWN
          && !OPTIONAL.contains(part.getKey())) {
        reasons.add(part.getKey() + ": " + part.getValue().reason());
      }
    }
    String pool = poolState.get();
    boolean live = !pool.equals("stopped");
    switch (pool) {
      case "running" -> {}
      case "stopping" -> reasons.add("workers: stopping; running jobs finish or are handed back");
      default -> reasons.add("workers: stopped; this process runs no workers");
    }
    return new Report(live, reasons.isEmpty(), List.copyOf(reasons));
  }
}
