package dev.intake.job;

/**
 * Settings a job runs with, stored with it as JSON.
 *
 * @param chunkSize tokens per chunk
 * @param chunkOverlap tokens shared by consecutive chunks
 * @param force re-ingest even if identical content exists
 * @param sourcePath for a file of a directory batch: the file to import when the job runs (its
 *     document is created then); null for uploads, whose document exists from the start
 */
public record JobParams(int chunkSize, int chunkOverlap, boolean force, String sourcePath) {}
