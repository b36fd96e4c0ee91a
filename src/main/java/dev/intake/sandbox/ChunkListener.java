package dev.intake.sandbox;

import dev.intake.pipeline.chunk.Chunk;

/**
 * Receives a document's chunks as the parser child sends them, in order, on the worker's thread.
 * Either method may throw (to cancel the job, say); the child is then stopped and replaced.
 */
public interface ChunkListener {

  /** Page {@code page} of {@code totalPages} was read; its chunks came before this call. */
  void page(int page, int totalPages);

  void chunk(Chunk chunk);

  /**
   * OCR of page {@code page} of {@code totalPages} began; its page call follows when it is done.
   */
  default void ocrPage(int page, int totalPages) {}
}
