package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.health.HealthRegistry;
import dev.intake.job.JobState;
import dev.intake.testing.EnginePools;
import dev.intake.testing.FaultyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors, not only exceptions, end one job or one pass and nothing else: the worker thread goes on,
 * a dead worker thread is restarted, and running out of memory follows the documented policy.
 */
class WorkerFaultsTest {
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

  private static EnginePools.Spec oneWorker() {
    return EnginePools.Spec.quick("faults", 1);
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static void exhaustMemory() {
    long[] huge = new long[Integer.MAX_VALUE]; // a real OutOfMemoryError from the JVM
    huge[0] = 1;
  }

  @Test
  void aStackOverflowFailsOnlyItsJobAndTheWorkerTakesTheNext() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    f.start(
        ctx -> {
          if (seen.isEmpty() && seen.add(ctx.job().jobId())) {
            recurse(0); // the first job this worker runs
          }
          return EngineFixture.done(ctx);
        },
        oneWorker());
    String bad = f.enqueue(3);
    f.awaitState(bad, JobState.FAILED);
    assertThat(f.job(bad).errorMessage()).isEqualTo(JobRunner.TOO_DEEP);
    assertThat(f.job(bad).attempt()).as("deterministic: not retried").isEqualTo(1);
    String good = f.enqueue(3);
    f.awaitState(good, JobState.COMPLETED);
  }

  @Test
  void runningOutOfMemorySpendsTheAttemptSaysSoAndDegradesHealth() {
    f.start(
        ctx -> {
          exhaustMemory();
          return EngineFixture.done(ctx);
        },
        oneWorker());
    String id = f.enqueue(2);
    f.awaitState(id, JobState.FAILED);
    assertThat(f.job(id).errorMessage())
        .isEqualTo("Failed after 2 attempts: " + JobRunner.OUT_OF_MEMORY);
    assertThat(f.started.memory().recentCount()).isEqualTo(2);
    HealthRegistry.Status memory = f.started.health().snapshot().get(MemoryGuard.PART);
    assertThat(memory.level()).isEqualTo(HealthRegistry.Level.DEGRADED);
    assertThat(memory.reason()).contains("ran out of memory 2 time(s)").contains(id);
  }

  @Test
  void theThirdOutOfMemoryRunsTheExitActionOnceAfterRecordingTheAttempt() {
    AtomicInteger exits = new AtomicInteger();
    AtomicReference<JobState> lastJobAtExit = new AtomicReference<>();
    AtomicReference<String> last = new AtomicReference<>();
    f.start(
        ctx -> {
          last.set(ctx.job().jobId());
          exhaustMemory();
          return EngineFixture.done(ctx);
        },
        oneWorker(),
        s -> s,
        () -> {
          exits.incrementAndGet();
          lastJobAtExit.set(f.job(last.get()).status());
        });
    for (int i = 0; i < 4; i++) {
      String id = f.enqueue(1);
      f.awaitState(id, JobState.FAILED);
      assertThat(exits.get()).as("after OOM %d", i + 1).isEqualTo(i < 2 ? 0 : 1);
      if (i == 2) {
        assertThat(lastJobAtExit.get())
            .as("the attempt that hit the limit was recorded before the exit")
            .isEqualTo(JobState.FAILED);
      }
    }
  }

  @Test
  void aWorkerThreadKilledByAnErrorOutsideAJobIsRestarted() {
    FaultyStore[] faulty = new FaultyStore[1];
    f.start(
        EngineFixture::done,
        oneWorker(),
        s ->
            (faulty[0] =
                    FaultyStore.failing(
                        s, "jobClaim", 2, () -> new OutOfMemoryError("injected into claim")))
                .store(),
        () -> {});
    String id = f.enqueue(3);
    f.awaitState(id, JobState.COMPLETED);
    assertThat(faulty[0].calls("jobClaim")).isGreaterThan(2);
    assertThat(f.started.health().snapshot().values())
        .anySatisfy(
            s ->
                assertThat(s.reason())
                    .contains("died 2 time(s) in a row")
                    .contains("injected into claim"));
    assertThat(f.started.memory().recentCount()).as("seen by the memory policy").isEqualTo(2);
  }

  @Test
  void aLeaseRenewalThatThrowsAnErrorKeepsBeingScheduled() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FaultyStore[] faulty = new FaultyStore[1];
    f.start(
        ctx -> {
          assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
          return EngineFixture.done(ctx);
        },
        oneWorker(),
        s ->
            (faulty[0] =
                    FaultyStore.failing(
                        s, "jobHeartbeat", 1, () -> new StackOverflowError("injected")))
                .store(),
        () -> {});
    String id = f.enqueue(3);
    f.awaitState(id, JobState.PROCESSING);
    // Renewals every 100 ms: the first throws an Error, the later ones must still run.
    await().atMost(Duration.ofSeconds(10)).until(() -> faulty[0].calls("jobHeartbeat") >= 4);
    release.countDown();
    f.awaitState(id, JobState.COMPLETED);
  }
}
