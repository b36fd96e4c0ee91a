package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.JobState;
import dev.intake.pipeline.IngestException;
import dev.intake.store.CancelOutcome;
import dev.intake.testing.EnginePools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client's cancel stands even when the worker never saw it before the attempt ended. */
class WorkerCancelTest {
  @TempDir Path dir;
  EngineFixture f;

  @BeforeEach
  void open() {
    f = new EngineFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  /** Quick retries, but a heartbeat far too slow to carry the cancel to the worker in time. */
  private static EnginePools.Spec slowHeartbeat() {
    return new EnginePools.Spec(
        "cancel",
        1,
        0,
        Duration.ofMinutes(1),
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofMillis(50),
        Duration.ofMillis(50));
  }

  @Test
  void aTransientFailureAfterACancelTheWorkerHadNotSeenEndsTheJobCancelled() {
    AtomicInteger runs = new AtomicInteger();
    f.start(
        ctx -> {
          runs.incrementAndGet();
          CancelOutcome asked = f.store.jobCancel(ctx.job().jobId(), Clock.systemUTC().instant());
          assertThat(asked).isEqualTo(CancelOutcome.REQUESTED);
          throw IngestException.transientFailure("io_error", "The disk did not answer", null);
        },
        slowHeartbeat());

    String id = f.enqueue(3);

    f.awaitState(id, JobState.CANCELLED);
    assertThat(f.job(id).attempt()).isEqualTo(1);
    assertThat(f.reader.documentGet(f.job(id).documentId()).orElseThrow().status())
        .isEqualTo("cancelled");
    assertThat(runs).as("never run again").hasValue(1);
  }

  @Test
  void aPermanentFailureAfterACancelTheWorkerHadNotSeenEndsTheJobCancelledAndSaysSo() {
    List<JobEvent> events = new CopyOnWriteArrayList<>();
    f.start(
        ctx -> {
          CancelOutcome asked = f.store.jobCancel(ctx.job().jobId(), Clock.systemUTC().instant());
          assertThat(asked).isEqualTo(CancelOutcome.REQUESTED);
          throw IngestException.permanent("encrypted", "PDF is encrypted; a password is required");
        },
        slowHeartbeat());
    f.started.events().subscribe(events::add);

    String id = f.enqueue(3);

    f.awaitState(id, JobState.CANCELLED);
    assertThat(f.job(id).errorMessage()).isNull();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> events.stream().anyMatch(e -> e.status() == JobState.CANCELLED));
    assertThat(events)
        .as("subscribers are told the state the job is in")
        .noneMatch(e -> e.status() == JobState.FAILED);
  }
}
