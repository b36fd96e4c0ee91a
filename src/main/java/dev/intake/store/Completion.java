package dev.intake.store;

/** What a worker records when a document job finishes successfully. */
public record Completion(
    String documentId,
    String contentType,
    int pages,
    int chunkCount,
    long characters,
    String resultJson,
    String message) {}
