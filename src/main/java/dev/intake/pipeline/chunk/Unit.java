package dev.intake.pipeline.chunk;

/**
 * The smallest piece the chunker moves around: a sentence, a table row, or a word or word piece of
 * a sentence too long for one chunk. Its tokens are counted once, when the page is split.
 *
 * @param start document offset of the first character
 * @param end document offset one past the last character
 * @param page 1-based page the unit comes from; units never span pages
 * @param tokens tokens of the unit's text
 * @param before the boundary between this unit and the previous one
 * @param row whether the unit is a whole table row, which the overlap never cuts into words
 * @param section the headings the unit falls under
 */
record Unit(
    int start, int end, int page, int tokens, Boundary before, boolean row, Section section) {

  /** A unit that is no table row, under no heading. */
  Unit(int start, int end, int page, int tokens, Boundary before) {
    this(start, end, page, tokens, before, false, Section.NONE);
  }

  Unit withSection(Section s) {
    return new Unit(start, end, page, tokens, before, row, s);
  }
}
