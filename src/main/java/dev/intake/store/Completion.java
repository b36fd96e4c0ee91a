package dev.intake.store;

import dev.intake.pipeline.parse.DocumentInfo;

/**
 * What a worker records when a job finishes successfully. A {@code skipped} completion produced no
 * output of its own: its file duplicated the document {@code documentId}.
 */
public record Completion(
    String documentId,
    String contentType,
    int pages,
    int chunkCount,
    long characters,
    String resultJson,
    String message,
    boolean skipped,
    DocumentInfo info) {

  public Completion {
    info = info == null ? DocumentInfo.NONE : info;
  }

  public Completion(
      String documentId,
      String contentType,
      int pages,
      int chunkCount,
      long characters,
      String resultJson,
      String message,
      DocumentInfo info) {
    this(documentId, contentType, pages, chunkCount, characters, resultJson, message, false, info);
  }

  public Completion(
      String documentId,
      String contentType,
      int pages,
      int chunkCount,
      long characters,
      String resultJson,
      String message) {
    this(documentId, contentType, pages, chunkCount, characters, resultJson, message, false, null);
  }

  /** A file that duplicated an existing document: nothing to store. */
  public static Completion skipped(String documentId, String resultJson, String message) {
    return new Completion(documentId, null, 0, 0, 0, resultJson, message, true, null);
  }
}
