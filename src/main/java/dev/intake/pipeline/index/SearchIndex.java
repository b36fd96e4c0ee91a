package dev.intake.pipeline.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node-local Lucene index of document chunks, fed from the database's outbox and searchable by
 * BM25 and vector similarity at once.
 *
 * <p>The database is the source of truth: this index only records, in each Lucene commit, the last
 * outbox sequence it applied, so an indexer can resume after a restart or wipe and rebuild. Changes
 * become durable and visible to searches at {@link #commit}; uncommitted changes are discarded on
 * {@link #close} so that the index never claims a sequence it has not fully applied.
 *
 * <p>An index opened for a named embedding model records the model in its commits and holds vectors
 * of that model only: opening it for another model fails, and a document whose chunks another model
 * embedded is indexed for keyword search alone ({@link #holdsVectorsOf}), so that a query vector is
 * never compared with a vector of another model.
 *
 * <p>Thread-safe: any number of threads may search while one thread writes.
 */
public final class SearchIndex implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

  static final String APPLIED_SEQUENCE_KEY = "intake.applied_sequence";
  static final String MODEL_KEY = "intake.embedding_model";

  /**
   * The model of an index that has chunks but records none: indexes were written before models were
   * recorded only with the in-process all-MiniLM-L6-v2 (quantized).
   */
  static final String UNRECORDED_MODEL = "all-minilm-l6-v2-q";

  private final Path path;
  private final String model;
  private final int dimensions;
  private final Directory directory;
  private final Analyzer analyzer;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Object commitLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long appliedSequence;

  private SearchIndex(
      Path path,
      String model,
      int dimensions,
      Directory directory,
      Analyzer analyzer,
      IndexWriter writer,
      SearcherManager searchers) {
    this.path = path;
    this.model = model;
    this.dimensions = dimensions;
    this.directory = directory;
    this.analyzer = analyzer;
    this.writer = writer;
    this.searchers = searchers;
    this.appliedSequence = readAppliedSequence(writer);
  }

  /**
   * Opens the index in {@code directory}, creating it if missing.
   *
   * @param dimensions the length of every vector; an existing index must have been built with the
   *     same length
   * @throws IllegalArgumentException if the existing index has vectors of another length
   * @throws UncheckedIOException if the index cannot be opened, e.g. it is corrupt or locked by
   *     another process; wiping the directory and rebuilding from the database recovers
   */
  public static SearchIndex open(Path directory, int dimensions) {
    return open(directory, null, dimensions, false);
  }

  /**
   * Opens the index in {@code directory} for the vectors of {@code model}, creating it if missing.
   *
   * @throws IllegalArgumentException if the existing index was built for another model or length,
   *     saying how to rebuild it
   */
  public static SearchIndex open(Path directory, String model, int dimensions) {
    return open(directory, Objects.requireNonNull(model, "model"), dimensions, false);
  }

  /**
   * Opens an empty index for {@code model} in {@code directory}, whatever it held before (its
   * chunks, and the model it was built for, are dropped at the first commit): for a rebuild.
   */
  public static SearchIndex recreate(Path directory, String model, int dimensions) {
    return open(directory, Objects.requireNonNull(model, "model"), dimensions, true);
  }

  private static SearchIndex open(Path directory, String model, int dimensions, boolean create) {
    Objects.requireNonNull(directory, "directory");
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be positive, got " + dimensions);
    }
    Directory dir = null;
    Analyzer analyzer = null;
    IndexWriter writer = null;
    SearcherManager searchers = null;
    try {
      Files.createDirectories(directory);
      // FSDirectory.open picks MMapDirectory on 64-bit JVMs.
      dir = FSDirectory.open(directory);
      // English stemming and stop words: the embedding model is English-only, so the corpus is
      // expected to be English; stemming lets "indexing" find "indexed", and dropping stop words
      // keeps long natural-language questions from turning into many near-useless clauses.
      analyzer = new EnglishAnalyzer();
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer)
              .setOpenMode(
                  create
                      ? IndexWriterConfig.OpenMode.CREATE
                      : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              // Only explicit commits may become durable; see the class comment.
              .setCommitOnClose(false);
      writer = new IndexWriter(dir, config);
      searchers = new SearcherManager(writer, null);
      checkModel(writer, model, dimensions, directory);
      checkDimensions(searchers, dimensions, directory);
      SearchIndex index =
          new SearchIndex(directory, model, dimensions, dir, analyzer, writer, searchers);
      log.info(
          "Opened search index at {} ({} chunks, applied sequence {})",
          directory,
          index.chunkCount(),
          index.appliedSequence());
      return index;
    } catch (IOException e) {
      IOUtils.closeWhileHandlingException(searchers, writer, analyzer, dir);
      throw new UncheckedIOException("Cannot open search index at " + directory, e);
    } catch (RuntimeException e) {
      IOUtils.closeWhileHandlingException(searchers, writer, analyzer, dir);
      throw e;
    }
  }

  /**
   * Replaces all chunks of a document atomically: a search sees either the old or the new chunks,
   * never a mix. An empty list deletes the document.
   *
   * @throws IllegalArgumentException if a chunk belongs to another document, repeats a chunk index,
   *     or has a vector of the wrong length
   */
  public void replaceDocument(String documentId, List<IndexedChunk> chunks) {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(chunks, "chunks");
    ensureOpen();
    List<Document> documents = IndexSchema.toDocuments(documentId, chunks, dimensions);
    try {
      if (documents.isEmpty()) {
        // updateDocuments with no documents trips an internal accounting assertion in Lucene.
        writer.deleteDocuments(IndexSchema.documentTerm(documentId));
      } else {
        writer.updateDocuments(IndexSchema.documentTerm(documentId), documents);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot index document " + documentId, e);
    }
  }

  /** Deletes every chunk of a document; a no-op if it is not indexed. */
  public void deleteDocument(String documentId) {
    Objects.requireNonNull(documentId, "documentId");
    ensureOpen();
    try {
      writer.deleteDocuments(IndexSchema.documentTerm(documentId));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete document " + documentId, e);
    }
  }

  /**
   * Makes all changes so far durable and visible to searches, recording that the outbox has been
   * applied up to and including {@code appliedSequence}.
   *
   * @throws IllegalArgumentException if the sequence is negative or lower than the last committed
   *     one, which would mean the indexer lost its place; call {@link #clear} to start over
   */
  public void commit(long appliedSequence) {
    synchronized (commitLock) {
      ensureOpen();
      if (appliedSequence < 0) {
        throw new IllegalArgumentException(
            "applied sequence must not be negative, got " + appliedSequence);
      }
      if (appliedSequence < this.appliedSequence) {
        throw new IllegalArgumentException(
            "applied sequence must not go backwards: last committed "
                + this.appliedSequence
                + ", got "
                + appliedSequence);
      }
      commitAndRefresh(appliedSequence);
      log.debug("Committed search index at {} up to sequence {}", path, appliedSequence);
    }
  }

  /** The sequence recorded by the last commit; 0 for a new or cleared index. */
  public long appliedSequence() {
    return appliedSequence;
  }

  /**
   * Deletes every chunk and commits at once with applied sequence 0, so that a crash during the
   * rebuild that follows leaves an index that says "rebuild me" rather than a partial one that
   * claims to be current.
   */
  public void clear() {
    synchronized (commitLock) {
      ensureOpen();
      try {
        writer.deleteAll();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot clear search index at " + path, e);
      }
      commitAndRefresh(0);
      log.info("Cleared search index at {}", path);
    }
  }

  /**
   * Runs a hybrid search. Sees every change up to the last {@link #commit}, possibly later ones.
   *
   * @throws IllegalArgumentException if the query vector has the wrong length
   */
  public List<SearchHit> search(SearchQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    float[] vector =
        query.vector() == null
            ? null
            : Vectors.checkedUnitVector(query.vector(), dimensions, "the query");
    if (vector == null && query.text().isBlank()) {
      return List.of();
    }
    return withSearcher(s -> new HybridSearch(s, analyzer).search(query, vector));
  }

  /**
   * Whether this index takes the vectors of a document embedded with {@code documentModel} ({@code
   * documentDimensions} long); if not, the document's chunks are indexed without vectors. An index
   * opened without a model takes vectors of its length.
   */
  public boolean holdsVectorsOf(String documentModel, Integer documentDimensions) {
    boolean length = documentDimensions == null || documentDimensions == dimensions;
    return model == null ? length : model.equals(documentModel) && length;
  }

  /** The model whose vectors this index holds; null if opened without one. */
  public String model() {
    return model;
  }

  /** Number of chunks of a document visible to searches. */
  public int documentChunkCount(String documentId) {
    Objects.requireNonNull(documentId, "documentId");
    ensureOpen();
    return withSearcher(s -> s.count(new TermQuery(IndexSchema.documentTerm(documentId))));
  }

  /** Number of chunks visible to searches. */
  public long chunkCount() {
    ensureOpen();
    return withSearcher(s -> (long) s.getIndexReader().numDocs());
  }

  /** True while the writer is open and undamaged and a searcher can be obtained. */
  public boolean isHealthy() {
    if (closed.get() || !writer.isOpen() || writer.getTragicException() != null) {
      return false;
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      searchers.release(searcher);
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("Search index at {} is unhealthy", path, e);
      return false;
    }
  }

  /** Closes the index, discarding changes made since the last commit. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      IOUtils.close(searchers, writer, analyzer, directory);
      log.info("Closed search index at {}", path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close search index at " + path, e);
    }
  }

  private void commitAndRefresh(long sequence) {
    try {
      // The one-argument setter also marks the writer as changed, so a commit that only advances
      // the sequence (e.g. after events for unknown documents) is still written.
      Map<String, String> data = new HashMap<>();
      data.put(APPLIED_SEQUENCE_KEY, Long.toString(sequence));
      if (model != null) {
        data.put(MODEL_KEY, model + "/" + dimensions);
      }
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      appliedSequence = sequence;
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit search index at " + path, e);
    }
  }

  private <T> T withSearcher(SearcherFunction<T> function) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return function.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search index at " + path, e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Search index at " + path + " is closed");
    }
  }

  private static long readAppliedSequence(IndexWriter writer) {
    String value = commitData(writer, APPLIED_SEQUENCE_KEY);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      // 0 makes the indexer rebuild, which is the right answer to an unreadable position.
      log.warn("Ignoring unreadable applied sequence '{}'", value);
      return 0;
    }
  }

  private static String commitData(IndexWriter writer, String key) {
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> entry : data) {
        if (key.equals(entry.getKey())) {
          return entry.getValue();
        }
      }
    }
    return null;
  }

  /** Refuses an index built for another model than {@code model} (unchecked when null). */
  private static void checkModel(IndexWriter writer, String model, int dimensions, Path path) {
    if (model == null || writer.getDocStats().numDocs == 0) {
      return; // new, or empty: it holds no vectors and takes this model from its next commit
    }
    String recorded = commitData(writer, MODEL_KEY);
    if (recorded == null) {
      recorded = UNRECORDED_MODEL + "/?";
    }
    String wanted = model + "/" + dimensions;
    String recordedModel = recorded.substring(0, recorded.lastIndexOf('/'));
    if (recorded.equals(wanted) || (recorded.endsWith("/?") && recordedModel.equals(model))) {
      return;
    }
    throw new IllegalArgumentException(
        "The search index at "
            + path
            + " holds vectors of the embedding model "
            + describe(recorded)
            + ", but this node embeds queries with "
            + describe(wanted)
            + ": rebuild the index for this model with `intake reindex` (server stopped), or"
            + " configure the model the index was built with (INTAKE_EMBEDDING_URL,"
            + " INTAKE_EMBEDDING_MODEL, INTAKE_EMBEDDING_DIMENSIONS)");
  }

  private static String describe(String modelAndDimensions) {
    int slash = modelAndDimensions.lastIndexOf('/');
    String dims = modelAndDimensions.substring(slash + 1);
    return modelAndDimensions.substring(0, slash)
        + (dims.equals("?") ? "" : " (" + dims + " dimensions)");
  }

  private static void checkDimensions(SearcherManager searchers, int dimensions, Path path)
      throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      FieldInfo field =
          FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(IndexSchema.VECTOR);
      if (field != null && field.getVectorDimension() != dimensions) {
        throw new IllegalArgumentException(
            "Search index at "
                + path
                + " holds "
                + field.getVectorDimension()
                + "-dimensional vectors but "
                + dimensions
                + " were requested; rebuild it with `intake reindex` (server stopped)");
      }
    } finally {
      searchers.release(searcher);
    }
  }

  @FunctionalInterface
  private interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }
}
