package dev.intake.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.ClaimRequest;
import dev.intake.store.Completion;
import dev.intake.store.EnqueueResult;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every channel a process listens to is one the store sends on, with the payload its subscriber
 * expects; a channel nobody sends on would only look like a feature. Payloads are matched by id:
 * notifications reach every listener of the database, including those of other tests.
 */
class PgNotificationsTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");

  private String schema;
  private Database db;
  private final Map<String, Set<String>> received = new ConcurrentHashMap<>();

  @BeforeEach
  void open() {
    schema = TestDatabases.newSchema();
    db = TestDatabases.postgres(schema);
    PgNotifications listener = db.notifications().orElseThrow();
    for (String channel : PgNotifications.CHANNELS) {
      received.put(channel, ConcurrentHashMap.newKeySet());
      listener.subscribe(channel, payload -> received.get(channel).add(payload));
    }
    awaitListening();
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
    TestDatabases.dropSchema(schema);
  }

  @Test
  void everyChannelListenedToIsSentByTheStore() {
    JdbcJobStore store = new JdbcJobStore(db);
    String doc = UUID.randomUUID().toString();
    EnqueueResult r =
        store.documentEnqueue(
            new NewDocument(doc, "a.txt", null, 1, "sha-" + doc, "k/" + doc, 256, 32),
            new NewJob(
                UUID.randomUUID().toString(),
                TaskType.SINGLE_DOCUMENT,
                Priority.HIGH,
                3,
                doc,
                null,
                new JobParams(256, 32, false, null),
                "Queued"),
            T0);
    String jobId = r.job().jobId();
    Job running =
        store.jobClaim(new ClaimRequest("w", Priority.LOW, T0, T0.plusSeconds(30))).orElseThrow();
    store.jobCancel(jobId, T0);
    store.jobCompleteIfOwned(
        running.fence(), new Completion(doc, "text/plain", 1, 0, 1, "{}", "done"), T0);

    // What each channel's subscriber needs: the job to wake for, the job to stop, the document.
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put(PgNotifications.JOBS, jobId);
    sent.put(PgNotifications.CANCEL, jobId);
    sent.put(PgNotifications.INDEX, doc);
    assertThat(sent.keySet()).containsExactlyInAnyOrderElementsOf(PgNotifications.CHANNELS);
    sent.forEach(
        (channel, payload) ->
            await()
                .alias(channel)
                .atMost(Duration.ofSeconds(10))
                .until(() -> received.get(channel).contains(payload)));
  }

  /** Sends a marker on every channel until the listener has them all: it is then listening. */
  private void awaitListening() {
    String marker = "ready-" + UUID.randomUUID();
    List<String> channels = PgNotifications.CHANNELS;
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
                  PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String channel : channels) {
                  ps.setString(1, channel);
                  ps.setString(2, marker);
                  ps.execute();
                }
              }
              return channels.stream().allMatch(ch -> received.get(ch).contains(marker));
            });
  }
}
