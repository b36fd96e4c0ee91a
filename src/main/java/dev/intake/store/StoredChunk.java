package dev.intake.store;

/** A chunk with its vector, as written by a worker and read by the indexer. */
public record StoredChunk(
    int chunkIndex,
    String text,
    int pageStart,
    int pageEnd,
    int charStart,
    int charEnd,
    int tokenCount,
    float[] embedding) {}
