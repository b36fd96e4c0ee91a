package dev.intake.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the API acknowledges is committed durably, on both databases. */
class DurableCommitTest {
  @TempDir Path dir;

  @Test
  void sqliteSyncsTheLogAtEveryCommit() throws SQLException {
    try (Database db = TestDatabases.sqlite(dir)) {
      // Every pooled connection: the pool may hand out any of them.
      Connection[] all = new Connection[3];
      try {
        for (int i = 0; i < all.length; i++) {
          all[i] = db.dataSource().getConnection();
          try (Statement s = all[i].createStatement();
              ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "synchronous must be FULL (2)");
          }
        }
      } finally {
        for (Connection c : all) {
          if (c != null) {
            c.close();
          }
        }
      }
    }
  }

  @Test
  void postgresCommitsTheEnqueueSynchronouslyWhenTheServerSaysOtherwise() throws SQLException {
    TestDatabases.requirePostgres();
    String schema = TestDatabases.newSchema();
    String url =
        TestDatabases.POSTGRES_URL
            + (TestDatabases.POSTGRES_URL.contains("?") ? "&" : "?")
            + "options=-c%20synchronous_commit%3Doff";
    try (Database db = Database.openPostgres(url, null, null, schema)) {
      // A trigger inside the enqueue's transaction records the setting the commit will use.
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE commit_modes (job_id TEXT, mode TEXT)");
        s.execute(
            "CREATE FUNCTION record_commit_mode() RETURNS trigger AS $$ BEGIN INSERT INTO"
                + " commit_modes VALUES (NEW.job_id, current_setting('synchronous_commit'));"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        s.execute(
            "CREATE TRIGGER record_commit_mode AFTER INSERT ON jobs FOR EACH ROW EXECUTE"
                + " FUNCTION record_commit_mode()");
      }
      JdbcJobStore store = new JdbcJobStore(db);
      String jobId = UUID.randomUUID().toString();
      String documentId = UUID.randomUUID().toString();
      store.documentEnqueue(
          new NewDocument(documentId, "a.txt", null, 10, "ab" + jobId, "blobs/x", 256, 32),
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
      // The same connection settings without the enqueue's durability: the server's "off".
      String other = UUID.randomUUID().toString();
      try (Connection c = db.dataSource().getConnection();
          var s =
              c.prepareStatement(
                  "INSERT INTO commit_modes VALUES (?, current_setting('synchronous_commit'))")) {
        s.setString(1, other);
        s.executeUpdate();
      }
      assertEquals("off", modeOf(db, other), "the test's server setting did not apply");
      assertEquals("on", modeOf(db, jobId), "the enqueue must commit synchronously");
    } finally {
      TestDatabases.dropSchema(schema);
    }
  }

  private static String modeOf(Database db, String jobId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        var s = c.prepareStatement("SELECT mode FROM commit_modes WHERE job_id = ?")) {
      s.setString(1, jobId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
