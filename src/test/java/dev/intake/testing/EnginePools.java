package dev.intake.testing;

import dev.intake.engine.JobEventBus;
import dev.intake.engine.JobHandler;
import dev.intake.engine.JobRunner;
import dev.intake.engine.MemoryGuard;
import dev.intake.engine.RetryPolicy;
import dev.intake.engine.RunningJobs;
import dev.intake.engine.WakeSignal;
import dev.intake.engine.WorkerPool;
import dev.intake.health.HealthRegistry;
import dev.intake.job.TaskType;
import dev.intake.store.JobStore;
import dev.intake.supervision.Supervisor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Real worker pools for engine tests and benchmarks, with a handler standing in for the pipeline.
 */
public final class EnginePools {
  private EnginePools() {}

  /** How a pool is shaped and timed. */
  public record Spec(
      String name,
      int threads,
      int highOnly,
      Duration lease,
      Duration heartbeat,
      Duration timeout,
      Duration poll,
      Duration retryBase) {

    /** Short timings, for tests that wait on state changes. */
    public static Spec quick(String name, int threads) {
      return new Spec(
          name,
          threads,
          0,
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          Duration.ofMinutes(1),
          Duration.ofMillis(50),
          Duration.ofMillis(50));
    }

    /** The service's own defaults, for clusters and benchmarks. */
    public static Spec production(String name, int threads) {
      return new Spec(
          name,
          threads,
          0,
          Duration.ofSeconds(30),
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1));
    }

    public Spec withHighOnly(int n) {
      return new Spec(name, threads, n, lease, heartbeat, timeout, poll, retryBase);
    }

    public Spec withHeartbeat(Duration h) {
      return new Spec(name, threads, highOnly, lease, h, timeout, poll, retryBase);
    }

    public Spec withTimeout(Duration t) {
      return new Spec(name, threads, highOnly, lease, heartbeat, t, poll, retryBase);
    }
  }

  /** A started pool, its scheduler, supervisor and health; closing stops them. */
  public record Started(
      WorkerPool pool,
      RunningJobs running,
      ScheduledExecutorService scheduler,
      Supervisor supervisor,
      HealthRegistry health,
      MemoryGuard memory,
      JobEventBus events)
      implements AutoCloseable {
    @Override
    public void close() {
      pool.stop(Duration.ofSeconds(5));
      scheduler.shutdownNow();
      supervisor.close();
    }
  }

  public static Started start(JobStore store, JobHandler handler, WakeSignal wake, Spec spec) {
    return start(store, handler, wake, spec, () -> {});
  }

  /** A pool whose repeated out-of-memory errors run {@code onOutOfMemory}. */
  public static Started start(
      JobStore store, JobHandler handler, WakeSignal wake, Spec spec, Runnable onOutOfMemory) {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    RunningJobs running = new RunningJobs();
    JobEventBus events = new JobEventBus();
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    MemoryGuard memory =
        new MemoryGuard(health, Clock.systemUTC(), MemoryGuard.Settings.defaults(), onOutOfMemory);
    Supervisor supervisor =
        new Supervisor(
            health,
            Clock.systemUTC(),
            new Supervisor.Settings(
                Duration.ofMillis(20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60), // restarted services stay reported while a test looks
                Duration.ofMillis(100)),
            t -> memory.observe(t, Thread.currentThread().getName()));
    JobRunner runner =
        new JobRunner(
            store,
            Map.of(TaskType.SINGLE_DOCUMENT, handler),
            new RetryPolicy(spec.retryBase(), Duration.ofMinutes(1), new SplittableRandom(3)),
            events,
            running,
            scheduler,
            Clock.systemUTC(),
            new JobRunner.Timing(spec.lease(), spec.heartbeat(), spec.timeout(), spec.heartbeat()),
            memory);
    WorkerPool pool =
        new WorkerPool(
            store,
            runner,
            wake,
            running,
            Clock.systemUTC(),
            new WorkerPool.Settings(
                spec.name(),
                spec.threads(),
                spec.highOnly(),
                spec.lease(),
                spec.poll(),
                spec.heartbeat()),
            supervisor);
    pool.start();
    return new Started(pool, running, scheduler, supervisor, health, memory, events);
  }
}
