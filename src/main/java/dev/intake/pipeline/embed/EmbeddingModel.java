package dev.intake.pipeline.embed;

import dev.intake.pipeline.chunk.Tokenizer;
import java.util.List;

/**
 * Turns text into vectors. Loaded once per process and shared by every worker thread; an
 * implementation may run in-process (ONNX) or call a remote endpoint. Vectors are L2-normalised.
 */
public interface EmbeddingModel extends AutoCloseable {

  /** Name shown in logs and health output, e.g. {@code all-minilm-l6-v2-q}. */
  String name();

  /** Length of every vector this model returns. */
  int dimensions();

  /** The tokenizer the model uses, so that chunks can be sized in the model's tokens. */
  Tokenizer tokenizer();

  /** Embeds a group of texts; the result has one vector per text, in the same order. */
  List<float[]> embed(List<String> texts);

  /**
   * Embeds one search query. A person waits for it: an implementation runs it ahead of ingestion
   * work it has queued.
   */
  default float[] embedQuery(String text) {
    return embed(List.of(text)).get(0);
  }

  @Override
  default void close() {}
}
