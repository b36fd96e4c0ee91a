package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.Stage;
import dev.intake.job.TaskType;
import dev.intake.pipeline.IngestException;
import dev.intake.store.Completion;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.EnginePools;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on a real SQLite store, with small handlers standing in for the pipeline.
 */
class WorkerPoolTest {
  @TempDir Path dir;

  private Database db;
  private JdbcJobStore store;
  private JdbcJobReader reader;
  private final WakeSignal wake = new WakeSignal();
  private EnginePools.Started started;
  private WorkerPool pool;

  private void start(JobHandler handler, int workers, Duration timeout) {
    start(handler, workers, 0, timeout);
  }

  private void start(JobHandler handler, int workers, int highOnly, Duration timeout) {
    db = TestDatabases.sqlite(dir);
    store = new JdbcJobStore(db);
    reader = new JdbcJobReader(db);
    started =
        EnginePools.start(
            store,
            handler,
            wake,
            EnginePools.Spec.quick("test", workers).withHighOnly(highOnly).withTimeout(timeout));
    pool = started.pool();
  }

  @AfterEach
  void stop() {
    if (started != null) {
      started.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private String enqueue(int maxAttempts) {
    return enqueue(maxAttempts, Priority.HIGH);
  }

  private String enqueue(int maxAttempts, Priority priority) {
    String doc = UUID.randomUUID().toString();
    String job = UUID.randomUUID().toString();
    store.documentEnqueue(
        new NewDocument(doc, "x.txt", null, 1, UUID.randomUUID().toString(), "k", 256, 32),
        new NewJob(
            job,
            TaskType.SINGLE_DOCUMENT,
            priority,
            maxAttempts,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        Clock.systemUTC().instant());
    wake.signal();
    return job;
  }

  private Job job(String id) {
    return reader.jobGet(id).orElseThrow();
  }

  private static Completion done(JobContext ctx) {
    return new Completion(ctx.job().documentId(), "text/plain", 1, 0, 0, "{}", "done");
  }

  private void awaitState(String id, JobState state) {
    await().atMost(Duration.ofSeconds(20)).until(() -> job(id).status() == state);
  }

  @Test
  void everyJobRunsExactlyOnce() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    start(
        ctx -> {
          runs.computeIfAbsent(ctx.job().jobId(), k -> new AtomicInteger()).incrementAndGet();
          return done(ctx);
        },
        3,
        Duration.ofMinutes(1));
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ids.add(enqueue(3));
    }
    for (String id : ids) {
      awaitState(id, JobState.COMPLETED);
    }
    assertThat(runs).hasSize(60);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void highPriorityWorkerServesUploadsWhileBatchWorkOccupiesTheOthers() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Map<String, String> ranOn = new ConcurrentHashMap<>();
    start(
        ctx -> {
          ranOn.put(ctx.job().jobId(), Thread.currentThread().getName());
          if (ctx.job().priority() == Priority.MEDIUM) {
            release.await();
          }
          return done(ctx);
        },
        2,
        1,
        Duration.ofMinutes(1));
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(enqueue(3, Priority.MEDIUM));
    }
    awaitState(batch.get(0), JobState.PROCESSING);
    String upload = enqueue(3, Priority.HIGH);
    awaitState(upload, JobState.COMPLETED);
    assertThat(job(batch.get(1)).status())
        .as("the batch waits for the one 'any' worker")
        .isEqualTo(JobState.PENDING);
    release.countDown();
    for (String id : batch) {
      awaitState(id, JobState.COMPLETED);
    }
    String highOnlyThread = ranOn.get(upload);
    assertThat(highOnlyThread).endsWith("-1");
    assertThat(batch).allSatisfy(id -> assertThat(ranOn.get(id)).isNotEqualTo(highOnlyThread));
  }

  @Test
  void transientErrorIsRetriedAndThenSucceeds() {
    start(
        ctx -> {
          if (ctx.job().attempt() == 1) {
            throw new java.io.IOException("disk hiccup");
          }
          return done(ctx);
        },
        1,
        Duration.ofMinutes(1));
    String id = enqueue(3);
    awaitState(id, JobState.COMPLETED);
    assertThat(job(id).retryCount()).isEqualTo(1);
  }

  @Test
  void permanentErrorFailsAtOnceWithItsMessage() {
    AtomicInteger runs = new AtomicInteger();
    start(
        ctx -> {
          runs.incrementAndGet();
          throw IngestException.permanent("encrypted", "PDF is encrypted; a password is required");
        },
        1,
        Duration.ofMinutes(1));
    String id = enqueue(3);
    awaitState(id, JobState.FAILED);
    assertThat(job(id).errorMessage()).isEqualTo("PDF is encrypted; a password is required");
    assertThat(job(id).attempt()).isEqualTo(1);
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void transientErrorsFailTheJobOnceAttemptsRunOut() {
    start(
        ctx -> {
          throw new IllegalStateException("always broken");
        },
        1,
        Duration.ofMinutes(1));
    String id = enqueue(3);
    awaitState(id, JobState.FAILED);
    assertThat(job(id).attempt()).isEqualTo(3);
    assertThat(job(id).errorMessage())
        .startsWith("Failed after 3 attempts")
        .contains("always broken");
  }

  @Test
  void timeoutReallyStopsTheWork() {
    AtomicInteger stillRunning = new AtomicInteger();
    start(
        ctx -> {
          while (true) {
            ctx.ensureActive();
            stillRunning.incrementAndGet();
            Thread.sleep(20);
          }
        },
        1,
        Duration.ofSeconds(1));
    String id = enqueue(1);
    awaitState(id, JobState.FAILED);
    assertThat(job(id).errorMessage()).contains("Timed out after 1 s");
    int after = stillRunning.get();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> stillRunning.get() == after);
  }

  @Test
  void cancellingARunningJobStopsItThroughTheStore() {
    start(
        ctx -> {
          while (true) {
            ctx.progress(Stage.EMBEDDING, 50, "working");
            Thread.sleep(20);
          }
        },
        1,
        Duration.ofMinutes(1));
    String id = enqueue(3);
    awaitState(id, JobState.PROCESSING);
    // Not through RunningJobs: the heartbeat must carry the request, as it would across processes.
    store.jobCancel(id, Clock.systemUTC().instant());
    awaitState(id, JobState.CANCELLED);
  }

  @Test
  void shutdownHandsARunningJobBack() {
    start(
        ctx -> {
          while (true) {
            ctx.ensureActive();
            Thread.sleep(20);
          }
        },
        1,
        Duration.ofMinutes(1));
    String id = enqueue(3);
    awaitState(id, JobState.PROCESSING);
    pool.stop(Duration.ofMillis(200));
    Job back = job(id);
    assertThat(back.status()).isEqualTo(JobState.PENDING);
    assertThat(back.attempt()).isZero();
  }
}
