package dev.intake.metrics;

import dev.intake.engine.JobEvent;
import dev.intake.engine.JobEventBus;
import dev.intake.engine.Outcome;
import dev.intake.job.Priority;
import dev.intake.job.Stage;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.store.JobReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's Prometheus metrics: queue depth per priority (read from the store when scraped),
 * jobs by outcome, time spent per pipeline stage, chunks embedded, embedding calls' latency, parser
 * processes replaced, leases lost. Outcomes and stage times come from the job events of the workers
 * in this process. API nodes and worker processes serve the same names.
 */
public final class IntakeMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, StageClock> stages = new ConcurrentHashMap<>();
  private final Map<Stage, Timer> stageTimers = new EnumMap<>(Stage.class);
  private final Counter chunksEmbedded;
  private final Counter indexEntriesSkipped;
  private final Counter leasesLost;
  private volatile Map<Priority, Long> queue = Map.of();
  private volatile Instant queueReadAt = Instant.EPOCH;

  private record StageClock(Stage stage, Instant since) {}

  public IntakeMetrics(JobReader reader, JobEventBus events) {
    for (Priority p : Priority.values()) {
      Gauge.builder("intake_queue_depth", () -> queueLength(reader, p))
          .description("Jobs waiting to run (pending or retrying)")
          .tag("priority", p.wireName())
          .register(registry);
    }
    for (Stage s : Stage.values()) {
      stageTimers.put(
          s,
          Timer.builder("intake_stage_duration")
              .description("Time jobs spent in each pipeline stage")
              .tag("stage", s.wireName())
              .register(registry));
    }
    chunksEmbedded =
        Counter.builder("intake_chunks_embedded")
            .description("Chunks embedded and stored")
            .register(registry);
    indexEntriesSkipped =
        Counter.builder("intake_index_entries_skipped")
            .description("Index outbox entries skipped after failing again and again")
            .register(registry);
    leasesLost =
        Counter.builder("intake_lease_losses")
            .description(
                "Jobs this process's workers stopped because another worker owns them now (lease"
                    + " expired, their writes refused)")
            .register(registry);
    events.subscribe(this::onEvent);
  }

  /** How a job run by a worker of this process ended. */
  public void jobEnded(Outcome outcome) {
    if (outcome == Outcome.LOST) {
      leasesLost.increment();
    }
  }

  /** Times every call of {@code model}: {@code intake_embedding_duration{kind=document|query}}. */
  public EmbeddingModel timed(EmbeddingModel model) {
    return new MeteredEmbeddingModel(
        model,
        embeddingTimer("document", "Embedding calls for chunks (one group of a job)"),
        embeddingTimer("query", "Embedding calls for search queries"));
  }

  private Timer embeddingTimer(String kind, String description) {
    return Timer.builder("intake_embedding_duration")
        .description(description)
        .tag("kind", kind)
        .register(registry);
  }

  /** The index feeder gave up on an outbox entry. */
  public void indexEntrySkipped() {
    indexEntriesSkipped.increment();
  }

  public void chunksEmbedded(int n) {
    chunksEmbedded.increment(n);
  }

  /** A parser child was replaced; {@code reason} says why ({@code crashed}, {@code recycled} …). */
  public void parserRestarted(String reason) {
    Counter.builder("intake_parser_restarts")
        .description("Parser processes replaced, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  private void onEvent(JobEvent e) {
    StageClock previous = stages.get(e.jobId());
    if (previous != null && previous.stage() != e.stage()) {
      stageTimers.get(previous.stage()).record(Duration.between(previous.since(), e.updatedAt()));
    }
    switch (e.status()) {
      case PROCESSING -> {
        if (e.stage() != null && (previous == null || previous.stage() != e.stage())) {
          stages.put(e.jobId(), new StageClock(e.stage(), e.updatedAt()));
        }
      }
      case COMPLETED, FAILED, CANCELLED, RETRYING -> {
        stages.remove(e.jobId());
        Counter.builder("intake_jobs")
            .description("Jobs finished by this process's workers, by outcome")
            .tag("outcome", e.status().wireName())
            .register(registry)
            .increment();
      }
      default -> {}
    }
  }

  private double queueLength(JobReader reader, Priority p) {
    // One store read per scrape, not one per gauge.
    if (Instant.now().isAfter(queueReadAt.plusSeconds(1))) {
      queue = reader.queueLengths();
      queueReadAt = Instant.now();
    }
    return queue.getOrDefault(p, 0L);
  }
}
