package dev.intake.sandbox;

import dev.intake.os.BackgroundPriority;
import dev.intake.pipeline.ocr.OcrSettings;
import java.time.Duration;

/**
 * How the parser sandbox runs.
 *
 * @param processes parser children kept running (one per worker thread)
 * @param heapMb each child's maximum heap ({@code INTAKE_PARSER_HEAP_MB})
 * @param parseTimeout the longest one document may take to parse and chunk ({@code
 *     INTAKE_PARSE_TIMEOUT})
 * @param recycleAfter documents after which a child is replaced by a fresh one ({@code
 *     INTAKE_PARSER_RECYCLE_AFTER})
 * @param maxChunks the most chunks one document may make ({@code INTAKE_MAX_CHUNKS})
 * @param maxCharacters the most characters of text read from one document ({@code
 *     INTAKE_MAX_CHARACTERS})
 * @param ocr how the children read images and PDF pages without a text layer; the time OCR spends
 *     on a page counts against {@link OcrSettings#pageTimeout()}, not against {@code parseTimeout}
 * @param priority the children's CPU priority ({@code INTAKE_BACKGROUND_NICE}): they parse in the
 *     background of the node's requests
 */
public record SandboxSettings(
    int processes,
    int heapMb,
    Duration parseTimeout,
    int recycleAfter,
    int maxChunks,
    int maxCharacters,
    OcrSettings ocr,
    BackgroundPriority priority) {

  /** Settings with the children at normal priority. */
  public SandboxSettings(
      int processes,
      int heapMb,
      Duration parseTimeout,
      int recycleAfter,
      int maxChunks,
      int maxCharacters,
      OcrSettings ocr) {
    this(
        processes,
        heapMb,
        parseTimeout,
        recycleAfter,
        maxChunks,
        maxCharacters,
        ocr,
        BackgroundPriority.NORMAL);
  }

  /** Settings with the default OCR. */
  public SandboxSettings(
      int processes,
      int heapMb,
      Duration parseTimeout,
      int recycleAfter,
      int maxChunks,
      int maxCharacters) {
    this(
        processes,
        heapMb,
        parseTimeout,
        recycleAfter,
        maxChunks,
        maxCharacters,
        OcrSettings.DEFAULT);
  }

  public SandboxSettings {
    if (processes < 1 || heapMb < 16 || recycleAfter < 1 || maxChunks < 1 || maxCharacters < 1) {
      throw new IllegalArgumentException("invalid parser sandbox settings: " + processes);
    }
    java.util.Objects.requireNonNull(ocr, "ocr");
    java.util.Objects.requireNonNull(priority, "priority");
    if (parseTimeout.isNegative() || parseTimeout.isZero()) {
      throw new IllegalArgumentException("the parse timeout must be positive: " + parseTimeout);
    }
  }
}
