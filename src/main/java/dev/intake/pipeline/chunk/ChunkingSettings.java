package dev.intake.pipeline.chunk;

/**
 * How to cut a document into chunks, in tokens of the embedding model's tokenizer.
 *
 * @param chunkSize the most tokens a chunk may hold, {@value #MIN_CHUNK_SIZE}..{@value
 *     #MAX_CHUNK_SIZE}
 * @param chunkOverlap the most tokens a chunk may repeat from the end of the previous one, at least
 *     0 and less than {@code chunkSize}
 */
public record ChunkingSettings(int chunkSize, int chunkOverlap) {

  public static final int MIN_CHUNK_SIZE = 16;
  public static final int MAX_CHUNK_SIZE = 2048;

  /** 256 is the input length sentence-transformers uses for all-MiniLM-L6-v2; 32 keeps context. */
  public static final ChunkingSettings DEFAULT = new ChunkingSettings(256, 32);

  public ChunkingSettings {
    if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunk size must be between %d and %d tokens, but was %d"
              .formatted(MIN_CHUNK_SIZE, MAX_CHUNK_SIZE, chunkSize));
    }
    if (chunkOverlap < 0 || chunkOverlap >= chunkSize) {
      throw new IllegalArgumentException(
          "chunk overlap must be at least 0 and less than the chunk size (%d tokens), but was %d"
              .formatted(chunkSize, chunkOverlap));
    }
  }
}
