package dev.intake.store;

/** A stored upload about to be recorded with the job that ingests it. */
public record NewDocument(
    String documentId,
    String filename,
    String contentType,
    long sizeBytes,
    String sha256,
    String blobKey,
    int chunkSize,
    int chunkOverlap) {}
