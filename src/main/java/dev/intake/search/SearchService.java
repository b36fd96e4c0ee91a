package dev.intake.search;

import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.index.SearchHit;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.pipeline.index.SearchQuery;
import dev.intake.store.StoreAvailability;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hybrid search over ingested chunks: the query is embedded with the ingestion model. The index is
 * local, so search answers whatever the database does: before searching it catches the index up
 * with the database for at most {@code catchUpBudget}, and not at all while the database is known
 * to be unreachable.
 */
public final class SearchService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchService.class);

  private final SearchIndex index;
  private final IndexFeeder feeder;
  private final EmbeddingModel model;
  private final StoreAvailability availability;
  private final Duration catchUpBudget;
  private final AtomicBoolean catchUpFailing = new AtomicBoolean();
  // Catch-ups run here so a search can stop waiting for one; two are plenty, as each applies
  // everything committed so far and the next finds nothing left.
  private final ExecutorService catchUps =
      Executors.newFixedThreadPool(
          2, r -> Thread.ofPlatform().daemon().name("index-catch-up").unstarted(r));

  public SearchService(
      SearchIndex index,
      IndexFeeder feeder,
      EmbeddingModel model,
      StoreAvailability availability,
      Duration catchUpBudget) {
    this.index = index;
    this.feeder = feeder;
    this.model = model;
    this.availability = availability;
    this.catchUpBudget = catchUpBudget;
  }

  /**
   * Searches after applying whatever the store committed so far, so a job a client saw complete is
   * searchable (read-your-writes), not only once the background feeder got to it. A catch-up that
   * cannot finish in time, or fails, does not hold the search: it answers from the index as it is.
   */
  public List<SearchHit> search(String query, int topK, Set<String> documentIds) {
    catchUp();
    float[] vector = model.embedQuery(query);
    return index.search(new SearchQuery(query, vector, topK, documentIds));
  }

  private void catchUp() {
    if (!availability.isAvailable()) {
      return; // the outbox cannot be read: search what the index has
    }
    Future<?> f = catchUps.submit(feeder::catchUp);
    try {
      f.get(catchUpBudget.toNanos(), TimeUnit.NANOSECONDS);
      if (catchUpFailing.compareAndSet(true, false)) {
        log.info("search catches the index up with the database again");
      }
    } catch (TimeoutException e) {
      // Never interrupt it: an interrupt during Lucene I/O closes the index. It finishes alone.
      f.cancel(false);
      failed("it took longer than " + catchUpBudget.toMillis() + " ms");
    } catch (ExecutionException e) {
      failed(e.getCause() == null ? e.toString() : e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
    }
  }

  private void failed(String why) {
    if (catchUpFailing.compareAndSet(false, true)) {
      log.warn("searching without the newest changes: catching the index up failed ({})", why);
    } else {
      log.debug("searching without the newest changes: {}", why);
    }
  }

  @Override
  public void close() {
    catchUps.shutdown();
  }
}
