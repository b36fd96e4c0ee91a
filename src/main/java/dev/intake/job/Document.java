package dev.intake.job;

import java.time.Instant;

/**
 * An ingested (or being ingested) document. {@code activeJobId} is the job whose chunks are live
 * (searchable); {@code jobId} the latest job that works on the document. {@code embeddingModel} and
 * {@code embeddingDimensions} say which model made the live chunks' vectors (null before any).
 */
public record Document(
    String documentId,
    String filename,
    String contentType,
    long sizeBytes,
    String sha256,
    String blobKey,
    int chunkSize,
    int chunkOverlap,
    String status,
    Integer pages,
    Integer chunkCount,
    Long characters,
    String jobId,
    String activeJobId,
    Instant createdAt,
    Instant updatedAt,
    String embeddingModel,
    Integer embeddingDimensions,
    String title,
    String author,
    String language,
    Instant fileCreated) {}
