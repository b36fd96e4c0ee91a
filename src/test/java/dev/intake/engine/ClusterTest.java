package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.Completion;
import dev.intake.store.JobFilter;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.EnginePools;
import dev.intake.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three workers, each with its own connection pool and notification listener as a separate process
 * would have, drain 2,000 no-op jobs from one PostgreSQL database: each job runs once.
 */
class ClusterTest {
  private static final int JOBS = 2000;
  private final String schema = TestDatabases.newSchema();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    TestDatabases.dropSchema(schema);
  }

  @Test
  void threeWorkersCompleteTwoThousandJobsExactlyOnce() {
    Database seed = TestDatabases.postgres(schema);
    toClose.add(seed);
    JdbcJobStore seedStore = new JdbcJobStore(seed);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Map<String, String> ranOn = new ConcurrentHashMap<>();
    for (int w = 0; w < 3; w++) {
      startWorker("node" + w, runs, ranOn);
    }
    for (int i = 0; i < JOBS; i++) {
      String doc = UUID.randomUUID().toString();
      seedStore.documentEnqueue(
          new NewDocument(doc, "n.txt", null, 1, doc, "k", 256, 32),
          new NewJob(
              UUID.randomUUID().toString(),
              TaskType.SINGLE_DOCUMENT,
              Priority.HIGH,
              3,
              doc,
              null,
              new JobParams(256, 32, false, null),
              "Queued"),
          Clock.systemUTC().instant());
    }
    JdbcJobReader reader = new JdbcJobReader(seed);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> reader.jobList(new JobFilter(JobState.COMPLETED, null, 1, 0)).total() == JOBS);
    assertThat(runs).hasSize(JOBS);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(ranOn.values().stream().distinct().count())
        .as("every worker took part")
        .isEqualTo(3);
    assertThat(reader.jobList(new JobFilter(null, null, 1, 0)).total()).isEqualTo(JOBS);
  }

  private void startWorker(
      String name, Map<String, AtomicInteger> runs, Map<String, String> ranOn) {
    Database db = Database.openPostgres(TestDatabases.POSTGRES_URL, null, null, schema);
    toClose.add(db);
    JdbcJobStore store = new JdbcJobStore(db);
    WakeSignal wake = new WakeSignal();
    db.notifications().orElseThrow().subscribe("intake_jobs", p -> wake.signal());
    JobHandler noop =
        ctx -> {
          runs.computeIfAbsent(ctx.job().jobId(), k -> new AtomicInteger()).incrementAndGet();
          ranOn.put(ctx.job().jobId(), name);
          return new Completion(ctx.job().documentId(), "text/plain", 1, 0, 0, "{}", "done");
        };
    toClose.add(EnginePools.start(store, noop, wake, EnginePools.Spec.production(name, 1)));
  }
}
