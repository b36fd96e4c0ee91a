package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.health.HealthRegistry;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.Stage;
import dev.intake.job.TaskType;
import dev.intake.store.Completion;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.StoreAvailability;
import dev.intake.store.StoredChunk;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.supervision.Supervisor;
import dev.intake.testing.TcpProxy;
import dev.intake.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker pool on a real PostgreSQL server whose connection a proxy cuts in the middle of a job,
 * for longer than the lease and longer than the job's time limit. The job keeps running on its
 * worker across the outage (it is neither restarted nor timed out), and no attempt is counted.
 */
class OutageWorkerTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration TIME_LIMIT = Duration.ofSeconds(4);
  private static final Duration OUTAGE = Duration.ofSeconds(7);
  private static final int GROUPS = 6;
  private static final int GROUP_SIZE = 4;

  private TcpProxy proxy;
  private String schema;
  private Database db;
  private JdbcJobStore store;
  private JdbcJobReader reader;
  private ScheduledExecutorService scheduler;
  private WorkerPool pool;
  private Supervisor supervisor;
  private final WakeSignal wake = new WakeSignal();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final CountDownLatch firstGroupStored = new CountDownLatch(1);
  private final CountDownLatch cut = new CountDownLatch(1);
  private volatile String blocking;

  @BeforeEach
  void start() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    proxy = TcpProxy.toTestPostgres();
    db =
        Database.openPostgres(
            proxy.redirect(TestDatabases.POSTGRES_URL), null, null, schema, Duration.ofSeconds(1));
    store = new JdbcJobStore(db);
    reader = new JdbcJobReader(db);
    scheduler = Executors.newScheduledThreadPool(2);
    Clock clock = Clock.systemUTC();
    RetryPolicy retry =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), new Random());
    HealthRegistry health = new HealthRegistry(clock);
    MemoryGuard memory = new MemoryGuard(health, clock, MemoryGuard.Settings.defaults(), () -> {});
    supervisor = new Supervisor(health, clock, Supervisor.Settings.defaults(), t -> {});
    JobRunner runner =
        new JobRunner(
            store,
            Map.of(TaskType.SINGLE_DOCUMENT, this::handle),
            retry,
            new JobEventBus(),
            new RunningJobs(),
            scheduler,
            clock,
            new JobRunner.Timing(LEASE, Duration.ofMillis(300), TIME_LIMIT, Duration.ofMillis(100)),
            memory);
    pool =
        new WorkerPool(
            store,
            runner,
            wake,
            new RunningJobs(),
            clock,
            new WorkerPool.Settings(
                "outage", 1, 0, LEASE, Duration.ofMillis(100), Duration.ofSeconds(5)),
            supervisor);
    Reaper reaper =
        new Reaper(
            store,
            retry,
            wake,
            clock,
            Duration.ofMinutes(1),
            new OutageGrace(db.availability(), LEASE));
    supervisor.every("reaper", Duration.ofMillis(250), reaper::runOnce);
    db.availability().subscribe((available, reason) -> wake.signal());
  }

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.stop(Duration.ofSeconds(5));
    }
    if (supervisor != null) {
      supervisor.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
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

  /** Stores GROUPS groups of chunks; the first job stops after its first group until the cut. */
  private Completion handle(JobContext ctx) throws Exception {
    Job job = ctx.job();
    runs.computeIfAbsent(job.jobId(), k -> new AtomicInteger()).incrementAndGet();
    int resumeFrom = store.chunkCountForJob(job.jobId()) / GROUP_SIZE;
    for (int g = resumeFrom; g < GROUPS; g++) {
      if (g == 1 && job.jobId().equals(blocking)) {
        firstGroupStored.countDown();
        cut.await();
      }
      ctx.progress(Stage.EMBEDDING, 100.0 * g / GROUPS, "group " + g);
      int to = (g + 1) * GROUP_SIZE;
      List<StoredChunk> rows = chunks(g * GROUP_SIZE, to);
      boolean owned =
          ctx.persist(
              "group " + g,
              () ->
                  store.chunksAppendIfOwned(
                      ctx.fence(), job.documentId(), rows, to, ctx.clock().instant()));
      if (!owned) {
        throw new JobStoppedException(StopReason.LEASE_LOST);
      }
    }
    int n = GROUPS * GROUP_SIZE;
    return new Completion(job.documentId(), "text/plain", 1, n, 10, "{}", "done");
  }

  private static List<StoredChunk> chunks(int from, int to) {
    List<StoredChunk> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new StoredChunk(i, "chunk " + i, 1, 1, i, i + 1, 1, new float[] {i, 1}));
    }
    return out;
  }

  private String enqueue() {
    String doc = UUID.randomUUID().toString();
    String job = UUID.randomUUID().toString();
    store.documentEnqueue(
        new NewDocument(doc, "a.txt", null, 1, "sha-" + doc, "k/" + doc, 256, 32),
        new NewJob(
            job,
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            3,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        Instant.now());
    return job;
  }

  private void runAcrossAnOutage(Consumer<TcpProxy> cutTheLink) throws Exception {
    String first = enqueue();
    String second = enqueue(); // waits in the queue through the outage
    blocking = first;
    pool.start();
    assertThat(firstGroupStored.await(60, TimeUnit.SECONDS)).isTrue();

    cutTheLink.accept(proxy);
    cut.countDown();
    StoreAvailability availability = db.availability();
    await()
        .atMost(OUTAGE.plusSeconds(20))
        .until(
            () -> {
              StoreAvailability.Outage o = availability.current();
              return o != null && o.start().plus(OUTAGE).isBefore(Instant.now());
            });
    proxy.restore();

    for (String id : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> reader.jobGet(id).orElseThrow().status() == JobState.COMPLETED);
      Job done = reader.jobGet(id).orElseThrow();
      assertThat(done.retryCount()).as("retry_count of " + id).isZero();
      assertThat(runs.get(id).get()).as("the job ran once, across the outage").isEqualTo(1);
      assertThat(chunkIndexes(done.documentId()))
          .as("each chunk exactly once")
          .containsExactlyElementsOf(range(GROUPS * GROUP_SIZE));
    }
  }

  @Test
  void aJobRunsOnAcrossARestartOfTheServerLongerThanItsLeaseAndTimeLimit() throws Exception {
    runAcrossAnOutage(TcpProxy::refuse);
  }

  @Test
  void aJobRunsOnAcrossACutNetworkLongerThanItsLeaseAndTimeLimit() throws Exception {
    runAcrossAnOutage(TcpProxy::blackHole);
  }

  private List<Integer> chunkIndexes(String documentId) throws SQLException {
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrlFor(schema));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT chunk_index FROM chunks WHERE document_id = ? ORDER BY chunk_index")) {
      ps.setString(1, documentId);
      List<Integer> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
      return out;
    }
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
