package dev.intake.pipeline.chunk;

/** What separates a unit from the one before it; later constants are stronger places to cut. */
enum Boundary {
  /** Inside a word that was too long for one chunk. */
  NONE,
  WORD,
  SENTENCE,
  /** A blank line, or the start of a page. */
  PARAGRAPH,
  /** The start of a section: a heading, a slide, a sheet. */
  HEADING;

  boolean atLeast(Boundary other) {
    return compareTo(other) >= 0;
  }
}
