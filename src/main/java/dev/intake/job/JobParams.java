package dev.intake.job;

/**
 * Settings a job runs with, stored with it as JSON.
 *
 * @param chunkSize tokens per chunk
 * @param chunkOverlap tokens shared by consecutive chunks
 * @param force re-ingest even if identical content exists
 */
public record JobParams(int chunkSize, int chunkOverlap, boolean force) {}
