package dev.intake.search;

import dev.intake.engine.WakeSignal;
import dev.intake.job.Document;
import dev.intake.pipeline.index.IndexedChunk;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.store.JobReader;
import dev.intake.store.JobStore;
import dev.intake.store.OutboxEntry;
import dev.intake.store.StoredChunk;
import dev.intake.supervision.Service;
import dev.intake.supervision.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's search index in step with the database, the source of truth: applies the index
 * outbox in commit order, whichever process wrote it, and records the last applied entry in the
 * index commit so a restart resumes where it stopped. {@link #rebuild()} recreates the index from
 * the stored chunks.
 */
public final class IndexFeeder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexFeeder.class);
  private static final int BATCH = 200;

  private final JobStore store;
  private final JobReader reader;
  private final SearchIndex index;
  private final WakeSignal wake = new WakeSignal();
  private final Duration pollInterval;
  private volatile Service service;
  private volatile boolean running = true;

  public IndexFeeder(JobStore store, JobReader reader, SearchIndex index, Duration pollInterval) {
    this.store = store;
    this.reader = reader;
    this.index = index;
    this.pollInterval = pollInterval;
  }

  /** Applies everything committed so far; returns how many outbox entries it applied. */
  public synchronized int runOnce() {
    int applied = 0;
    while (true) {
      List<OutboxEntry> entries = store.outboxAfter(index.appliedSequence(), BATCH);
      if (entries.isEmpty()) {
        return applied;
      }
      for (OutboxEntry e : entries) {
        apply(e.documentId(), e.operation());
      }
      index.commit(entries.get(entries.size() - 1).seq());
      applied += entries.size();
    }
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
    runOnce();
  }

  private void apply(String documentId, String operation) {
    Optional<Document> doc = reader.documentGet(documentId);
    if (operation.equals("delete") || doc.isEmpty() || doc.get().activeJobId() == null) {
      index.deleteDocument(documentId);
      return;
    }
    List<StoredChunk> chunks = store.chunksActive(documentId);
    List<IndexedChunk> indexed = new ArrayList<>(chunks.size());
    for (StoredChunk c : chunks) {
      indexed.add(
          new IndexedChunk(
              documentId,
              doc.get().filename(),
              c.chunkIndex(),
              c.text(),
              c.pageStart(),
              c.pageEnd(),
              c.embedding()));
    }
    index.replaceDocument(documentId, indexed);
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
