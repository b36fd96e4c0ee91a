package dev.intake.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.EnqueueResult;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent enqueues on SQLite share commits: while another connection holds the write lock they
 * queue up, and once it is free they commit in a few transactions instead of one each. The commits
 * are counted in the database's write-ahead log, where each one ends with a commit frame.
 */
class GroupCommitTest {
  private static final int CALLERS = 16;

  @TempDir Path dir;

  @Test
  void enqueuesWaitingForTheLockCommitTogether() throws Exception {
    Path file = dir.resolve("intake.db");
    try (Database db = Database.openSqlite(file)) {
      JdbcJobStore store = new JdbcJobStore(db);
      int before = commitsInLog(file);
      List<Future<EnqueueResult>> calls = new ArrayList<>();
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // another writer holds the lock
        for (int i = 0; i < CALLERS; i++) {
          String jobId = UUID.randomUUID().toString();
          calls.add(pool.submit(() -> enqueue(store, jobId, "sha-" + jobId)));
        }
        Thread.sleep(1_000); // let them all queue behind the lock
        s.execute("COMMIT");
      }
      for (Future<EnqueueResult> f : calls) {
        assertFalse(f.get().duplicate());
      }
      pool.shutdown();
      int commits = commitsInLog(file) - before;
      assertTrue(
          commits <= CALLERS / 2,
          CALLERS + " concurrent enqueues took " + commits + " commits; they should share them");
      assertEquals(
          (long) CALLERS, (long) db.autoCommit(tx -> tx.scalar("document_count", Params.of())));
    }
  }

  @Test
  void aFailingEnqueueFailsAloneInItsGroup() throws Exception {
    Path file = dir.resolve("intake.db");
    try (Database db = Database.openSqlite(file)) {
      JdbcJobStore store = new JdbcJobStore(db);
      String taken = UUID.randomUUID().toString();
      enqueue(store, taken, "sha-first");
      List<Future<EnqueueResult>> good = new ArrayList<>();
      Future<EnqueueResult> bad;
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        for (int i = 0; i < 4; i++) {
          String jobId = UUID.randomUUID().toString();
          good.add(pool.submit(() -> enqueue(store, jobId, "sha-" + jobId)));
        }
        bad = pool.submit(() -> enqueue(store, taken, "sha-other")); // the job id exists
        for (int i = 0; i < 4; i++) {
          String jobId = UUID.randomUUID().toString();
          good.add(pool.submit(() -> enqueue(store, jobId, "sha-" + jobId)));
        }
        Thread.sleep(1_000);
        s.execute("COMMIT");
      }
      ExecutionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, bad::get);
      assertInstanceOf(StoreException.class, failure.getCause());
      for (Future<EnqueueResult> f : good) {
        String jobId = f.get().job().jobId();
        assertTrue(
            db.autoCommit(tx -> tx.one("job_get", Params.of("job_id", jobId), Rows::job))
                .isPresent(),
            "job " + jobId + " was not committed with its group");
      }
      // The failed enqueue left nothing behind: its document was rolled back with it.
      long docs = db.autoCommit(tx -> tx.scalar("document_count", Params.of()));
      assertEquals(1L + good.size(), docs);
      pool.shutdown();
    }
  }

  private static EnqueueResult enqueue(JdbcJobStore store, String jobId, String sha) {
    String documentId = UUID.randomUUID().toString();
    return store.documentEnqueue(
        new NewDocument(documentId, "a.txt", null, 10, sha, "k/" + documentId, 256, 32),
        new NewJob(
            jobId,
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            3,
            documentId,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        Instant.now());
  }

  /** Commit frames in the write-ahead log: frames whose "database size after commit" is set. */
  private static int commitsInLog(Path db) throws IOException {
    Path wal = Path.of(db + "-wal");
    if (!Files.exists(wal)) {
      return 0;
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wal)); // big-endian, as SQLite writes it
    if (b.limit() < 32) {
      return 0;
    }
    int pageSize = b.getInt(8);
    int salt1 = b.getInt(16);
    int salt2 = b.getInt(20);
    int commits = 0;
    for (int at = 32; at + 24 + pageSize <= b.limit(); at += 24 + pageSize) {
      if (b.getInt(at + 8) != salt1 || b.getInt(at + 12) != salt2) {
        break; // frames of an earlier generation of the log
      }
      if (b.getInt(at + 4) != 0) {
        commits++;
      }
    }
    return commits;
  }
}
