package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.testing.EnginePools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping answers at once, finishes in the background, and never overlaps a new start. */
class WorkerStopTest {
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

  /** Live worker threads of pools named "stop", whichever generation they belong to. */
  private static long workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().matches("stop-[0-9a-f]{8}-\\d+"))
        .count();
  }

  /** Waits for the latch whatever happens: a step that does not stop when asked. */
  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (latch.getCount() > 0) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void stopReturnsAtOnceAndStartWaitsUntilEveryOldThreadHasEnded() {
    CountDownLatch release = new CountDownLatch(1);
    f.start(
        ctx -> {
          awaitIgnoringInterrupts(release);
          return EngineFixture.done(ctx);
        },
        EnginePools.Spec.quick("stop", 2));
    String id = f.enqueue(3);
    f.awaitState(id, JobState.PROCESSING);
    assertThat(workerThreads()).isEqualTo(2);

    CompletableFuture<Void> stop = f.pool().stopAsync(Duration.ofSeconds(30));
    assertThat(stop).as("answers before the running job ended").isNotDone();
    assertThat(f.pool().state()).isEqualTo(WorkerPool.State.STOPPING);
    assertThat(f.pool().start()).isEqualTo(WorkerPool.StartResult.STOPPING);
    await().atMost(Duration.ofSeconds(5)).until(() -> workerThreads() == 1); // the idle one left
    assertThat(f.pool().start()).isEqualTo(WorkerPool.StartResult.STOPPING);

    release.countDown();
    f.awaitState(id, JobState.COMPLETED); // finished within the grace
    stop.join();
    await().atMost(Duration.ofSeconds(5)).until(() -> workerThreads() == 0);
    assertThat(f.pool().state()).isEqualTo(WorkerPool.State.STOPPED);
    assertThat(f.pool().start()).isEqualTo(WorkerPool.StartResult.STARTED);
    assertThat(workerThreads()).isEqualTo(2);
    assertThat(f.pool().start()).isEqualTo(WorkerPool.StartResult.ALREADY_RUNNING);
    assertThat(workerThreads()).isEqualTo(2);
  }

  @Test
  void aJobThatMissesEverySafePointIsHandedBackForItsWorker() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Outcome> lateOutcome = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    f.start(
        ctx -> {
          runs.incrementAndGet();
          awaitIgnoringInterrupts(release);
          return EngineFixture.done(ctx);
        },
        EnginePools.Spec.quick("stop", 1));
    String id = f.enqueue(3);
    f.awaitState(id, JobState.PROCESSING);
    f.pool().stop(Duration.ofMillis(200)); // grace, then the safe-point wait, then hand-back
    Job back = f.job(id);
    assertThat(back.status()).isEqualTo(JobState.PENDING);
    assertThat(back.attempt()).as("the attempt is not counted").isZero();
    // The late worker finishes after all: its completion is fenced out.
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> workerThreads() == 0);
    assertThat(f.job(id).status()).isEqualTo(JobState.PENDING);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(lateOutcome.get()).isNull();
  }
}
