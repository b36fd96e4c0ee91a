package dev.intake.search;

import dev.intake.engine.WakeSignal;
import dev.intake.health.HealthRegistry;
import dev.intake.job.Document;
import dev.intake.os.BackgroundPriority;
import dev.intake.pipeline.index.IndexedChunk;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.store.JobReader;
import dev.intake.store.JobStore;
import dev.intake.store.OutboxEntry;
import dev.intake.store.StoreUnavailableException;
import dev.intake.store.StoredChunk;
import dev.intake.supervision.Service;
import dev.intake.supervision.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's search index in step with the database, the source of truth: applies the index
 * outbox in commit order, whichever process wrote it, and records the last applied entry in the
 * index commit so a restart resumes where it stopped. {@link #rebuild()} recreates the index from
 * the stored chunks.
 *
 * <p>An entry that fails {@link #MAX_ATTEMPTS} times in a row (not for an unreachable database) is
 * skipped, so it cannot hold up every later change: its document is left out of the index, the skip
 * is logged as an error and counted, and the feeder reports itself degraded under {@value
 * #HEALTH_PART} until a rebuild. A document's chunks are read in pages of {@link #CHUNK_PAGE}.
 *
 * <p>A document whose chunks were embedded by another model than the index's is indexed without
 * vectors: keyword search finds it, vector search does not compare its vectors with a query of
 * another model. Reprocessing it with this model makes it whole.
 */
public final class IndexFeeder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexFeeder.class);
  private static final int BATCH = 200;

  /** Tries of one outbox entry before it is skipped. */
  public static final int MAX_ATTEMPTS = 5;

  /** Chunks read from the database at a time. */
  public static final int CHUNK_PAGE = 256;

  /** The part {@code /health} lists the feeder under. */
  public static final String HEALTH_PART = "index-feeder";

  private final JobStore store;
  private final JobReader reader;
  private final SearchIndex index;
  private final WakeSignal wake = new WakeSignal();
  private final Duration pollInterval;
  private final HealthRegistry health;
  private final Runnable onSkip;
  private final BackgroundPriority priority;
  private volatile Service service;
  private volatile boolean running = true;
  private final Set<String> foreignModels = ConcurrentHashMap.newKeySet();
  private long failingSeq = -1;
  private int failures;

  /**
   * @param health where the feeder reports skipped entries
   * @param onSkip runs once per skipped entry (a metric)
   */
  public IndexFeeder(
      JobStore store,
      JobReader reader,
      SearchIndex index,
      Duration pollInterval,
      HealthRegistry health,
      Runnable onSkip) {
    this(store, reader, index, pollInterval, health, onSkip, BackgroundPriority.NORMAL);
  }

  /**
   * @param priority the background loop's CPU priority: it only reads the database, so a lowered
   *     loop holds up no request
   */
  public IndexFeeder(
      JobStore store,
      JobReader reader,
      SearchIndex index,
      Duration pollInterval,
      HealthRegistry health,
      Runnable onSkip,
      BackgroundPriority priority) {
    this.priority = priority;
    this.store = store;
    this.reader = reader;
    this.index = index;
    this.pollInterval = pollInterval;
    this.health = health;
    this.onSkip = onSkip;
  }

  /** Applies everything committed so far; returns how many outbox entries it applied. */
  public synchronized int runOnce() {
    int applied = 0;
    while (true) {
      List<OutboxEntry> entries = store.outboxAfter(index.appliedSequence(), BATCH);
      if (entries.isEmpty()) {
        return applied;
      }
      long done = index.appliedSequence();
      for (OutboxEntry e : entries) {
        try {
          apply(e.documentId(), e.operation());
        } catch (RuntimeException failure) {
          if (!giveUp(e, failure)) {
            index.commit(done); // keep what went before it
            throw failure;
          }
        }
        done = e.seq();
      }
      index.commit(done);
      applied += entries.size();
    }
  }

  /** Counts a failure of {@code e}; true once it has failed too often and was skipped. */
  private boolean giveUp(OutboxEntry e, RuntimeException failure) {
    if (StoreUnavailableException.in(failure).isPresent()) {
      return false; // the database's fault, not the entry's
    }
    if (e.seq() != failingSeq) {
      failingSeq = e.seq();
      failures = 0;
    }
    if (++failures < MAX_ATTEMPTS) {
      return false;
    }
    log.error(
        "skipping index outbox entry {} ({} of document {}) after {} failures; the document is"
            + " left out of the search index until a rebuild (intake reindex)",
        e.seq(),
        e.operation(),
        e.documentId(),
        failures,
        failure);
    index.deleteDocument(e.documentId()); // nothing half-applied stays
    failingSeq = -1;
    failures = 0;
    onSkip.run();
    health.degraded(
        HEALTH_PART,
        "skipped index outbox entry "
            + e.seq()
            + " for document "
            + e.documentId()
            + ": "
            + failure.getMessage()
            + "; rebuild the index (intake reindex)");
    return true;
  }

  /** Applies pending changes now if the store has any the index has not seen. */
  public void catchUp() {
    if (store.outboxMaxSeq() > index.appliedSequence()) {
      runOnce();
    }
  }

  /** Wipes the index and fills it again from the database. */
  public synchronized void rebuild() {
    long upTo = store.outboxMaxSeq(); // read first: later changes are applied by runOnce
    index.clear();
    List<String> ids = store.documentIdsActive();
    for (String id : ids) {
      apply(id, "upsert");
    }
    index.commit(upTo);
    log.info("rebuilt the search index: {} documents, {} chunks", ids.size(), index.chunkCount());
    health.remove(HEALTH_PART); // nothing skipped in the rebuilt index
    runOnce();
  }

  private void apply(String documentId, String operation) {
    Optional<Document> doc = reader.documentGet(documentId);
    if (operation.equals("delete") || doc.isEmpty() || doc.get().activeJobId() == null) {
      index.deleteDocument(documentId);
      return;
    }
    boolean vectors =
        index.holdsVectorsOf(doc.get().embeddingModel(), doc.get().embeddingDimensions());
    if (!vectors) {
      foreignModel(doc.get());
    }
    List<IndexedChunk> indexed = new ArrayList<>();
    int after = -1;
    while (true) {
      List<StoredChunk> page = store.chunksActivePage(documentId, after, CHUNK_PAGE);
      for (StoredChunk c : page) {
        indexed.add(
            new IndexedChunk(
                documentId,
                doc.get().filename(),
                c.chunkIndex(),
                c.text(),
                c.pageStart(),
                c.pageEnd(),
                vectors ? c.embedding() : null,
                c.section()));
      }
      if (page.size() < CHUNK_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).chunkIndex();
    }
    index.replaceDocument(documentId, indexed);
  }

  private void foreignModel(Document doc) {
    String other = doc.embeddingModel() + " (" + doc.embeddingDimensions() + " dimensions)";
    if (foreignModels.add(other)) {
      log.warn(
          "document {} was embedded with {}, not with this index's {}: it is searchable by"
              + " keywords only until it is reprocessed with this model (further such documents"
              + " are logged at DEBUG)",
          doc.documentId(),
          other,
          index.model());
    } else {
      log.debug("document {} was embedded with {}: keywords only", doc.documentId(), other);
    }
  }

  /** Asks the background loop to look at the outbox now. */
  public void poke() {
    wake.signal();
  }

  /** Runs the background loop as a supervised service: restarted if it ever dies. */
  public void start(Supervisor supervisor) {
    service = supervisor.loop("index-feeder", self -> loop());
  }

  private void loop() {
    priority.applyToCurrentThread();
    while (running) {
      long seen = wake.generation();
      try {
        runOnce();
      } catch (RuntimeException e) {
        log.warn("applying index changes failed: {}", e.getMessage());
      }
      try {
        wake.awaitAfter(seen, pollInterval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Stops the loop without interrupting it: an interrupt during Lucene's file I/O closes the
   * index's channels, so the loop is asked to stop and finishes its current pass.
   */
  @Override
  public void close() {
    Service s = service;
    if (s != null) {
      s.stop(); // first, so the loop's return is not taken for a death
    }
    running = false;
    wake.signal();
    if (s != null) {
      s.join(Duration.ofSeconds(30));
    }
  }
}
