package dev.intake.sandbox;

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
 */
public record SandboxSettings(
    int processes,
    int heapMb,
    Duration parseTimeout,
    int recycleAfter,
    int maxChunks,
    int maxCharacters) {

  public SandboxSettings {
    if (processes < 1 || heapMb < 16 || recycleAfter < 1 || maxChunks < 1 || maxCharacters < 1) {
      throw new IllegalArgumentException("invalid parser sandbox settings: " + processes);
    }
    if (parseTimeout.isNegative() || parseTimeout.isZero()) {
      throw new IllegalArgumentException("the parse timeout must be positive: " + parseTimeout);
    }
  }
}
