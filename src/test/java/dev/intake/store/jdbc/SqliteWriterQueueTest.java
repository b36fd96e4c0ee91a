package dev.intake.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite writer of this process that finds another one in its transaction waits in line, parked,
 * and goes as soon as the other commits; it does not sleep in SQLite's busy handler (seen as a
 * thread running native code), whose growing pauses left the database idle while writers slept.
 */
class SqliteWriterQueueTest {
  @TempDir Path dir;

  @Test
  void aSecondWriterWaitsInLineInsteadOfSleepingInSqlite() throws Exception {
    try (Database db = TestDatabases.sqlite(dir)) {
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<Thread> second = new AtomicReference<>();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> first =
            pool.submit(
                () ->
                    db.inTransaction(
                        tx -> {
                          tx.update(
                              "worker_delete_stale", Params.of("before", java.time.Instant.EPOCH));
                          inside.countDown();
                          try {
                            release.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return null;
                        }));
        inside.await();
        Future<Long> next =
            pool.submit(
                () -> {
                  second.set(Thread.currentThread());
                  return db.inTransaction(tx -> tx.scalar("document_count", Params.of()));
                });
        awaitState(second, Thread.State.WAITING, Duration.ofSeconds(20));
        release.countDown();
        first.get();
        assertEquals(0L, next.get());
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
    }
  }

  private static void awaitState(AtomicReference<Thread> t, Thread.State state, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (t.get() == null || t.get().getState() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the second writer never waited in line: it is "
                + (t.get() == null ? "not started" : t.get().getState())
                + " (RUNNABLE: sleeping in SQLite's busy handler)");
      }
      Thread.sleep(10);
    }
  }
}
