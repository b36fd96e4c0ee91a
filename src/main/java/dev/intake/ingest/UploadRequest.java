package dev.intake.ingest;

import dev.intake.job.Priority;

/** What a client sent with an upload; null settings take the configured defaults. */
public record UploadRequest(
    String filename, Priority priority, Integer chunkSize, Integer chunkOverlap, boolean force) {}
