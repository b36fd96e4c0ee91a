package dev.intake.pipeline.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.intake.pipeline.chunk.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The WordPiece tokenizer of all-MiniLM-L6-v2, read from the {@code tokenizer.json} that ships with
 * the model. Thread-safe: encoding does not mutate the native tokenizer.
 *
 * <p>The shipped {@code tokenizer.json} truncates to 128 tokens, which would make every long text
 * look short to the chunker; truncation and padding are therefore switched off here.
 */
public final class MiniLmTokenizer implements Tokenizer, AutoCloseable {

  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false");

  static {
    // DJL otherwise probes the EC2 metadata endpoint ("call home") when a tokenizer is created,
    // and may try to download native libraries; this service must not touch the network for
    // its model. Operators can still override either setting.
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.offline", "true");
  }

  private final HuggingFaceTokenizer tokenizer;
  private final long clsId;
  private final long sepId;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private MiniLmTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    long[] special = tokenizer.encode("", true, false).getIds();
    if (special.length != 2) {
      tokenizer.close();
      throw new IllegalStateException("tokenizer.json does not frame a text as [CLS] ... [SEP]");
    }
    this.clsId = special[0];
    this.sepId = special[1];
  }

  /** Loads the tokenizer from the model artifact on the class path. */
  public static MiniLmTokenizer load() {
    return load(ModelFiles.CLASSPATH);
  }

  static MiniLmTokenizer load(ModelFiles files) {
    try (InputStream in = files.openTokenizer()) {
      return new MiniLmTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the MiniLM tokenizer", e);
    }
  }

  @Override
  public int countTokens(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    return whileOpen(() -> tokenizer.encode(text, false, false).getIds().length);
  }

  /** Token ids of {@code text} without special tokens, and the word each token belongs to. */
  Encoded encode(String text) {
    return whileOpen(
        () -> {
          Encoding encoding = tokenizer.encode(text, false, false);
          return new Encoded(encoding.getIds(), encoding.getWordIds());
        });
  }

  long clsId() {
    return clsId;
  }

  long sepId() {
    return sepId;
  }

  /** Frees the native tokenizer once calls in progress have returned. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        tokenizer.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Runs {@code call} unless closed, and keeps the native tokenizer alive while it runs. */
  private <T> T whileOpen(Supplier<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the MiniLM tokenizer is closed");
      }
      return call.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Token ids and, for each, the index of the word it came from. */
  record Encoded(long[] ids, long[] wordIds) {}
}
