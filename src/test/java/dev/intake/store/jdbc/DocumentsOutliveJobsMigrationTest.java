package dev.intake.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.job.Document;
import dev.intake.store.JobReader;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V4 on a database that already ran a cleanup under V3: a document whose job was deleted
 * named it forever (and a re-upload of its content failed). After V4 it names no job; a document
 * whose job exists keeps it.
 */
class DocumentsOutliveJobsMigrationTest {
  @TempDir Path dir;

  @Test
  void sqliteDocumentsOfDeletedJobsNameNoJobAfterTheMigration() throws Exception {
    Path file = dir.resolve("intake-test.db");
    Flyway v3 =
        Flyway.configure()
            .dataSource("jdbc:sqlite:" + file, null, null)
            .locations("classpath:dev/intake/store/migration/sqlite")
            .target("3")
            .load();
    v3.migrate();
    insertRowsOfV3(v3.getConfiguration().getDataSource());

    try (Database db = TestDatabases.sqlite(dir)) {
      assertRepaired(new JdbcJobReader(db));
    }
  }

  @Test
  void postgresDocumentsOfDeletedJobsNameNoJobAfterTheMigration() throws Exception {
    TestDatabases.requirePostgres();
    String schema = TestDatabases.newSchema();
    try {
      Flyway v3 =
          Flyway.configure()
              .dataSource(TestDatabases.POSTGRES_URL, null, null)
              .schemas(schema)
              .defaultSchema(schema)
              .createSchemas(true)
              .locations("classpath:dev/intake/store/migration/postgres")
              .target("3")
              .load();
      v3.migrate();
      insertRowsOfV3(v3.getConfiguration().getDataSource(), "SET search_path TO " + schema);

      try (Database db = TestDatabases.postgres(schema)) {
        assertRepaired(new JdbcJobReader(db));
      }
    } finally {
      TestDatabases.dropSchema(schema);
    }
  }

  /** Two documents: one whose job still exists, one whose job a V3 cleanup deleted. */
  private static void insertRowsOfV3(DataSource ds, String... setup) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : setup) {
        s.execute(sql);
      }
      s.executeUpdate(
          "INSERT INTO jobs (job_id, task_type, priority, status, created_at, updated_at, run_at,"
              + " max_attempts, document_id, params) VALUES ('job-kept', 'single_document', 0,"
              + " 'completed', 1, 1, 1, 3, 'doc-kept', '{}')");
      for (String[] row : new String[][] {{"doc-kept", "job-kept"}, {"doc-orphan", "job-gone"}}) {
        s.executeUpdate(
            "INSERT INTO documents (document_id, filename, size_bytes, sha256, blob_key,"
                + " chunk_size, chunk_overlap, status, job_id, active_job_id, created_at,"
                + " updated_at) VALUES ('"
                + row[0]
                + "', 'a.pdf', 1, 'sha', 'k', 256, 32, 'completed', '"
                + row[1]
                + "', '"
                + row[1]
                + "', 1, 1)");
      }
    }
  }

  private static void assertRepaired(JobReader reader) {
    Document orphan = reader.documentGet("doc-orphan").orElseThrow();
    assertThat(orphan.jobId()).isNull();
    assertThat(orphan.activeJobId()).as("its live chunks stay live").isEqualTo("job-gone");
    assertThat(reader.documentGet("doc-kept").orElseThrow().jobId()).isEqualTo("job-kept");
  }
}
