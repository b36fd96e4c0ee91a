package dev.intake.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.intake.health.DatabaseHealth;
import dev.intake.health.HealthRegistry;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.StoreUnavailableException;
import dev.intake.testing.TcpProxy;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store through a real outage of a real PostgreSQL server, simulated by a proxy the test cuts:
 * a failure to reach the database is a {@link StoreUnavailableException} that comes within the
 * time-outs, and every other error is not.
 */
class DatabaseOutageTest {
  /** What API answers must stay under during an outage. */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);

  @TempDir Path dir;
  private TcpProxy proxy;
  private String schema;
  private Database db;

  @AfterEach
  void tearDown() {
    if (db != null) {
      db.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      TestDatabases.dropSchema(schema);
    }
  }

  private Database openThroughProxy(Duration timeout) {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    proxy = TcpProxy.toTestPostgres();
    db =
        Database.openPostgres(
            proxy.redirect(TestDatabases.POSTGRES_URL), null, null, schema, timeout);
    return db;
  }

  private static long read(Database db) {
    return db.autoCommit(tx -> tx.scalar("outbox_max_seq", Params.of()));
  }

  /** Runs {@code call}, which must fail as unreachable, and returns how long it took. */
  private static Duration timeUnavailable(Runnable call) {
    long t0 = System.nanoTime();
    assertThatThrownBy(call::run).isInstanceOf(StoreUnavailableException.class);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Test
  void aRestartingServerIsUnavailableWithinTheTimeOutAndComesBack() {
    openThroughProxy(Duration.ofSeconds(1));
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    DatabaseHealth.report(db.availability(), health);
    assertThat(read(db)).isZero();
    assertThat(health.snapshot().get("database").level()).isEqualTo(HealthRegistry.Level.OK);

    proxy.refuse();
    assertThat(timeUnavailable(() -> read(db))).isLessThan(ANSWER_BOUND);
    await().atMost(Duration.ofSeconds(5)).until(() -> !db.availability().isAvailable());
    assertThat(health.snapshot().get("database").level()).isEqualTo(HealthRegistry.Level.DOWN);
    assertThat(health.snapshot().get("database").reason()).contains("cannot be reached");

    proxy.restore();
    await().atMost(Duration.ofSeconds(10)).until(() -> db.availability().isAvailable());
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> read(db) == 0);
    assertThat(health.snapshot().get("database").level()).isEqualTo(HealthRegistry.Level.OK);
    assertThat(db.availability().outages()).hasSize(1);
  }

  @Test
  void aCallStuckOnACutNetworkEndsOnceTheProbeFindsTheDatabaseGone() {
    openThroughProxy(Duration.ofSeconds(1));
    assertThat(read(db)).isZero();

    proxy.blackHole();
    // Without the probe's abort the call would wait for the 60 s socket time-out.
    assertThat(timeUnavailable(() -> read(db))).isLessThan(ANSWER_BOUND);
    assertThat(db.availability().isAvailable()).isFalse();

    proxy.restore();
    await().atMost(Duration.ofSeconds(10)).until(() -> db.availability().isAvailable());
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> read(db) == 0);
  }

  @Test
  void whileTheDatabaseIsKnownDownCallsFailAtOnceInsteadOfWaitingForTheTimeOut() {
    Duration timeout = Duration.ofSeconds(3);
    openThroughProxy(timeout);
    assertThat(read(db)).isZero();
    proxy.blackHole();
    await().atMost(Duration.ofSeconds(10)).until(() -> !db.availability().isAvailable());

    for (int i = 0; i < 3; i++) {
      assertThat(timeUnavailable(() -> read(db))).isLessThan(timeout.dividedBy(3));
    }
  }

  @Test
  void anErrorInTheDataIsNotAnOutageOnPostgres() {
    openThroughProxy(Duration.ofSeconds(1));
    assertDataErrorIsNotAnOutage(db);
  }

  @Test
  void anErrorInTheDataIsNotAnOutageOnSqlite() {
    db = TestDatabases.sqlite(dir);
    assertDataErrorIsNotAnOutage(db);
  }

  private static void assertDataErrorIsNotAnOutage(Database db) {
    JdbcJobStore store = new JdbcJobStore(db);
    String documentId = UUID.randomUUID().toString();
    Instant now = Instant.parse("2026-01-15T10:30:00Z");
    store.documentEnqueue(document(documentId), job(documentId), now);
    // The same document id again: a primary-key violation, which waiting would not cure.
    assertThatThrownBy(() -> store.documentEnqueue(document(documentId), job(documentId), now))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(StoreUnavailableException.class);
    assertThat(db.availability().isAvailable()).isTrue();
    assertThat(read(db)).isZero();
  }

  private static NewDocument document(String id) {
    return new NewDocument(id, "a.txt", null, 10, "sha-" + id, "k/" + id, 256, 32);
  }

  private static NewJob job(String documentId) {
    return new NewJob(
        UUID.randomUUID().toString(),
        TaskType.SINGLE_DOCUMENT,
        Priority.HIGH,
        3,
        documentId,
        null,
        new JobParams(256, 32, true, null),
        "Queued");
  }
}
