package dev.intake.pipeline.chunk;

/** What separates a unit from the one before it; later constants are stronger places to cut. */
enum Boundary {
  /** Inside a word that was too long for one chunk. */
  NONE,
  WORD,
  SENTENCE,
  /** A blank line, or the start of a page. */
  PARAGRAPH;

  boolean atLeast(Boundary other) {
    return compareTo(other) >= 0;
  }
}
