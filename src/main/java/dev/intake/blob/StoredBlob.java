package dev.intake.blob;

/** A blob as stored: its key, size and the sha256 of its content (lower-case hex). */
public record StoredBlob(String key, long sizeBytes, String sha256) {}
