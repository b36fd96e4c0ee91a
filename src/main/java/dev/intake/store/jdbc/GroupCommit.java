package dev.intake.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits many small durable transactions together (SQLite). SQLite has one writer at a time and,
 * with {@code synchronous=FULL}, each commit waits for the disk. Concurrent callers hand their work
 * to one writer thread, which runs whatever has queued up meanwhile in one transaction, each piece
 * in a savepoint of its own, and commits once: one lock and one sync for the whole group. Each
 * caller waits for the commit that holds its work, and gets its own result or its own failure (a
 * piece that throws is rolled back to its savepoint; the others commit).
 *
 * <p>It also keeps SQLite's native calls, which may sleep on a busy database, off the callers'
 * threads: an HTTP request on a virtual thread parks while it waits instead of holding one of the
 * few carrier threads.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** The most pieces of work one transaction takes. */
  static final int MAX_GROUP = 64;

  private record Pending<T>(Database.Work<T> work, CompletableFuture<T> result) {
    void runIn(Tx tx, Connection c, List<Runnable> onCommit) {
      Savepoint sp = null;
      try {
        sp = c.setSavepoint();
        T value = work.run(tx);
        c.releaseSavepoint(sp);
        onCommit.add(() -> result.complete(value));
      } catch (SQLException | RuntimeException e) {
        if (sp != null) {
          try {
            c.rollback(sp);
            c.releaseSavepoint(sp);
          } catch (SQLException r) {
            e.addSuppressed(r);
            // The transaction is in an unknown state: fail the whole group.
            throw new GroupFailed(r);
          }
        }
        result.completeExceptionally(e);
      }
    }
  }

  private static final class GroupFailed extends RuntimeException {
    GroupFailed(Throwable cause) {
      super(cause);
    }
  }

  /** Put in the queue by {@link #close()}: the writer stops once it takes it. */
  private static final Pending<Void> STOP = new Pending<>(tx -> null, new CompletableFuture<>());

  private final Database db;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;

  GroupCommit(Database db) {
    this.db = db;
    this.writer = Thread.ofPlatform().daemon().name("sqlite-group-commit").start(this::loop);
  }

  /** Runs {@code work} in the next group transaction and waits until that has committed. */
  <T> T run(Database.Work<T> work) {
    if (!running) {
      throw new IllegalStateException("the database is closed");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Pending<>(work, result));
    try {
      return result.get();
    } catch (InterruptedException e) {
      // The work may still commit; the caller stops waiting for it.
      Thread.currentThread().interrupt();
      throw new StoreException(new SQLException("interrupted while waiting for the commit", e));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof SQLException s) {
        throw new StoreException(s);
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void loop() {
    List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
    boolean stop = false;
    while (!stop) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only STOP ends the writer
      }
      queue.drainTo(group, MAX_GROUP - 1);
      stop = group.remove(STOP);
      if (!group.isEmpty()) {
        commit(group);
      }
      group.clear();
    }
  }

  private void commit(List<Pending<?>> group) {
    try {
      List<Runnable> onCommit = new ArrayList<>(group.size());
      db.inTransaction(
          (tx, c) -> {
            onCommit.clear();
            for (Pending<?> p : group) {
              p.runIn(tx, c, onCommit);
            }
            return null;
          });
      onCommit.forEach(Runnable::run);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof GroupFailed ? e.getCause() : e;
      log.debug("a group commit of {} transactions failed", group.size(), cause);
      for (Pending<?> p : group) {
        p.result().completeExceptionally(cause);
      }
    } catch (Error e) {
      for (Pending<?> p : group) {
        p.result().completeExceptionally(e);
      }
      throw e;
    }
  }

  private void failAll(RuntimeException e) {
    Pending<?> p;
    while ((p = queue.poll()) != null) {
      p.result().completeExceptionally(e);
    }
  }

  /** Commits what was handed in so far, then stops the writer. */
  @Override
  public void close() {
    running = false;
    queue.add(STOP);
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(new IllegalStateException("the database is closed"));
  }
}
