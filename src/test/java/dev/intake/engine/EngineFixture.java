package dev.intake.engine;

import static org.awaitility.Awaitility.await;

import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.Completion;
import dev.intake.store.JobStore;
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
import java.util.UUID;
import java.util.function.UnaryOperator;

/** A real SQLite store and a real worker pool on it, for the engine's tests. */
final class EngineFixture implements AutoCloseable {
  final Database db;
  final JdbcJobStore store;
  final JdbcJobReader reader;
  final WakeSignal wake = new WakeSignal();
  EnginePools.Started started;

  EngineFixture(Path dir) {
    db = TestDatabases.sqlite(dir);
    store = new JdbcJobStore(db);
    reader = new JdbcJobReader(db);
  }

  /** Starts a pool whose store calls go through {@code wrap} (to inject faults). */
  EnginePools.Started start(
      JobHandler handler,
      EnginePools.Spec spec,
      UnaryOperator<JobStore> wrap,
      Runnable onOutOfMemory) {
    started = EnginePools.start(wrap.apply(store), handler, wake, spec, onOutOfMemory);
    return started;
  }

  EnginePools.Started start(JobHandler handler, EnginePools.Spec spec) {
    return start(handler, spec, s -> s, () -> {});
  }

  WorkerPool pool() {
    return started.pool();
  }

  String enqueue(int maxAttempts) {
    String doc = UUID.randomUUID().toString();
    String job = UUID.randomUUID().toString();
    store.documentEnqueue(
        new NewDocument(doc, "x.txt", null, 1, UUID.randomUUID().toString(), "k", 256, 32),
        new NewJob(
            job,
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            maxAttempts,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        Clock.systemUTC().instant());
    wake.signal();
    return job;
  }

  Job job(String id) {
    return reader.jobGet(id).orElseThrow();
  }

  void awaitState(String id, JobState state) {
    await().atMost(Duration.ofSeconds(20)).until(() -> job(id).status() == state);
  }

  static Completion done(JobContext ctx) {
    return new Completion(ctx.job().documentId(), "text/plain", 1, 0, 0, "{}", "done");
  }

  @Override
  public void close() {
    if (started != null) {
      started.close();
    }
    db.close();
  }
}
