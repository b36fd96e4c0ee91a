package dev.intake.store;

/** One change a search index must apply: {@code operation} is {@code upsert} or {@code delete}. */
public record OutboxEntry(long seq, String documentId, String operation) {}
