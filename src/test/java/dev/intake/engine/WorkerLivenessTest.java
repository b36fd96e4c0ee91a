package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.JobState;
import dev.intake.store.JobStore;
import dev.intake.store.WorkerInfo;
import dev.intake.testing.EnginePools;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy worker stays listed, with its job, for as long as the job runs (issue acceptance 5: "a
 * worker busy on one document for 5 minutes is listed on every poll"). Scaled down: with the
 * default heartbeat of 5 s, 5 minutes are 60 heartbeat intervals; here the interval is 250 ms and
 * the job stays busy for 60 of them (15 s), polled every 50 ms through the same query as {@code
 * /workers} (heartbeat within two intervals). Before heartbeats had their own schedule a worker
 * beat only between jobs, so it vanished after two intervals of work.
 */
class WorkerLivenessTest {
  static final Duration HEARTBEAT = Duration.ofMillis(250);
  static final int INTERVALS = 60;

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

  private List<WorkerInfo> listed() {
    return f.reader.workerList(Clock.systemUTC().instant().minus(HEARTBEAT.multipliedBy(2)));
  }

  @Test
  void aWorkerBusyOnOneJobIsListedWithThatJobOnEveryPoll() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    f.start(
        ctx -> {
          assertThat(release.await(2, TimeUnit.MINUTES)).isTrue();
          return EngineFixture.done(ctx);
        },
        EnginePools.Spec.quick("live", 1).withHeartbeat(HEARTBEAT));
    String id = f.enqueue(3);
    f.awaitState(id, JobState.PROCESSING);
    await() // the claim commits a moment before the worker shows its job
        .atMost(Duration.ofSeconds(5))
        .until(() -> listed().size() == 1 && id.equals(listed().get(0).currentJob()));

    Instant until = Instant.now().plus(HEARTBEAT.multipliedBy(INTERVALS));
    int polls = 0;
    while (Instant.now().isBefore(until)) {
      List<WorkerInfo> workers = listed();
      assertThat(workers).as("poll %d", polls).hasSize(1);
      assertThat(workers.get(0).currentJob()).as("poll %d", polls).isEqualTo(id);
      assertThat(workers.get(0).status()).isEqualTo("busy");
      polls++;
      Thread.sleep(50); // the poll interval of the client being imitated
    }
    assertThat(polls).isGreaterThan(INTERVALS);
    release.countDown();
    f.awaitState(id, JobState.COMPLETED);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> listed().size() == 1 && listed().get(0).currentJob() == null);
  }

  /**
   * Every worker a start reports is listed when the start returns, even before its thread has run:
   * here the workers' own threads are held inside the store. Before, a client asking right after a
   * start (a CLI test on a loaded machine) saw 1 of 2 workers.
   */
  @Test
  void everyStartedWorkerIsListedWhenTheStartReturns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    f.start(
        EngineFixture::done,
        EnginePools.Spec.quick("listed", 2).withHeartbeat(Duration.ofMinutes(1)),
        store ->
            (JobStore)
                Proxy.newProxyInstance(
                    JobStore.class.getClassLoader(),
                    new Class<?>[] {JobStore.class},
                    (proxy, method, args) -> {
                      if (Thread.currentThread().getName().startsWith("listed-")) {
                        awaitUninterruptibly(release); // a worker thread that has not run yet
                      }
                      try {
                        return method.invoke(store, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause();
                      }
                    }),
        () -> {});
    try {
      assertThat(f.reader.workerList(Clock.systemUTC().instant().minusSeconds(120)))
          .hasSize(2)
          .allSatisfy(w -> assertThat(w.status()).isEqualTo("idle"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void aStoppedPoolLeavesTheList() {
    f.start(EngineFixture::done, EnginePools.Spec.quick("live", 2).withHeartbeat(HEARTBEAT));
    await().atMost(Duration.ofSeconds(5)).until(() -> listed().size() == 2);
    f.pool().stop(Duration.ofSeconds(1));
    assertThat(listed()).isEmpty();
  }

  /**
   * The heartbeat service beats on its own schedule, so a beat can be under way when a worker
   * exits: here it is held inside the store while the pool stops. Released after the worker
   * unregistered, it found no row and registered the departed worker again, a ghost listed beside
   * the next workers until the reaper removed it.
   */
  @Test
  void aBeatRacingAWorkersExitDoesNotRegisterItAgain() throws Exception {
    AtomicBoolean holdNextBeat = new AtomicBoolean();
    CountDownLatch beatHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    f.start(
        EngineFixture::done,
        EnginePools.Spec.quick("ghost", 1).withHeartbeat(HEARTBEAT),
        store ->
            (JobStore)
                Proxy.newProxyInstance(
                    JobStore.class.getClassLoader(),
                    new Class<?>[] {JobStore.class},
                    (proxy, method, args) -> {
                      if (method.getName().equals("workerHeartbeat")
                          && Thread.currentThread().getName().contains("heartbeat")
                          && holdNextBeat.compareAndSet(true, false)) {
                        beatHeld.countDown();
                        awaitUninterruptibly(release);
                      }
                      try {
                        return method.invoke(store, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause();
                      }
                    }),
        () -> {});
    await().atMost(Duration.ofSeconds(5)).until(() -> listed().size() == 1);
    holdNextBeat.set(true);
    assertThat(beatHeld.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> stopped = f.pool().stopAsync(Duration.ofSeconds(1));
    Thread.sleep(500); // the idle worker leaves and unregisters meanwhile
    release.countDown();
    stopped.get(10, TimeUnit.SECONDS);
    Thread.sleep(HEARTBEAT.toMillis() * 2);
    assertThat(f.reader.workerList(Instant.EPOCH)).isEmpty();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
