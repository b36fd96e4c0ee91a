package dev.intake.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.health.HealthRegistry;
import dev.intake.health.HealthRegistry.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Supervised services really come back from errors, and say so in the health registry. */
class SupervisorTest {
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final List<Throwable> seen = new CopyOnWriteArrayList<>();
  private final Supervisor supervisor =
      new Supervisor(
          health,
          Clock.systemUTC(),
          new Supervisor.Settings(
              Duration.ofMillis(50),
              Duration.ofMillis(400),
              Duration.ofSeconds(3), // long enough to see the degraded state on a loaded machine
              Duration.ofMillis(50)),
          seen::add);

  @AfterEach
  void stop() {
    supervisor.close();
  }

  private Level level(String part) {
    HealthRegistry.Status s = health.snapshot().get(part);
    return s == null ? null : s.level();
  }

  private String reason(String part) {
    return health.snapshot().get(part).reason();
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  @Test
  void aLoopKilledByAStackOverflowIsRestartedAndReportedUntilItHasRunStably() {
    AtomicInteger runs = new AtomicInteger();
    Set<Long> threads = ConcurrentHashMap.newKeySet();
    Service s =
        supervisor.loop(
            "feeder",
            self -> {
              threads.add(Thread.currentThread().threadId());
              if (runs.incrementAndGet() == 1) {
                recurse(0); // a real StackOverflowError, as a hostile document can cause
              }
              while (!self.stopping()) {
                Thread.sleep(10);
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
    assertThat(s.restarts()).isEqualTo(1);
    assertThat(level("feeder")).isEqualTo(Level.DEGRADED);
    assertThat(reason("feeder")).contains("StackOverflowError").contains("restarted");
    assertThat(seen).singleElement().isInstanceOf(StackOverflowError.class);
    // Healthy again only once the restarted loop has run for the stable period.
    await().atMost(Duration.ofSeconds(5)).until(() -> level("feeder") == Level.OK);
    assertThat(s.isAlive()).isTrue();
    s.stop();
    assertThat(s.join(Duration.ofSeconds(5))).isTrue();
    assertThat(health.snapshot()).doesNotContainKey("feeder");
  }

  @Test
  void aPeriodicTaskThatThrowsAnErrorIsStillScheduled() {
    AtomicInteger ticks = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean failing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    supervisor.every(
        "reaper",
        Duration.ofMillis(20),
        () -> {
          ticks.incrementAndGet();
          if (failing.get()) {
            long[] huge = new long[Integer.MAX_VALUE]; // a real OutOfMemoryError
            huge[0] = 1;
          }
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> level("reaper") == Level.DEGRADED);
    assertThat(reason("reaper")).contains("OutOfMemoryError");
    int failedSoFar = ticks.get();
    // Still scheduled while it fails (with a backoff), unlike a ScheduledExecutorService task.
    await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get() >= failedSoFar + 2);
    assertThat(seen).allSatisfy(t -> assertThat(t).isInstanceOf(OutOfMemoryError.class));
    assertThat(reason("reaper")).contains("in a row");
    failing.set(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> level("reaper") == Level.OK);
  }

  @Test
  void aLoopThatKeepsDyingIsRestartedWithABackoff() {
    List<Long> starts = new CopyOnWriteArrayList<>();
    supervisor.loop(
        "broken",
        self -> {
          starts.add(System.nanoTime());
          throw new IllegalStateException("always broken");
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() >= 6);
    // Waits of 50, 100, 200, 400, 400 ms (the maximum) between runs; a slow machine only
    // stretches them. Without a backoff the runs would follow each other at once.
    long[] expectedMs = {50, 100, 200, 400, 400};
    for (int i = 0; i < expectedMs.length; i++) {
      long gapMs = (starts.get(i + 1) - starts.get(i)) / 1_000_000;
      assertThat(gapMs).as("wait before restart %d", i + 1).isGreaterThanOrEqualTo(expectedMs[i]);
    }
    assertThat(level("broken")).isEqualTo(Level.DEGRADED);
    assertThat(reason("broken")).contains("always broken").contains("in a row");
  }

  @Test
  void aLoopThatReturnsWithoutBeingStoppedCountsAsDeadAndRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    supervisor.loop(
        "poller",
        self -> {
          if (runs.incrementAndGet() > 1) {
            while (!self.stopping()) {
              Thread.sleep(10);
            }
          }
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
    assertThat(reason("poller")).contains("returned unexpectedly");
  }

  @Test
  void aStoppedServiceIsNotRestarted() {
    AtomicInteger runs = new AtomicInteger();
    Service s =
        supervisor.loop(
            "once",
            self -> {
              runs.incrementAndGet();
              while (!self.stopping()) {
                Thread.sleep(5);
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    s.stop();
    assertThat(s.join(Duration.ofSeconds(5))).isTrue();
    assertThat(runs.get()).isEqualTo(1);
    assertThat(health.snapshot()).doesNotContainKey("once");
  }
}
