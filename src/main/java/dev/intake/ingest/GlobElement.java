package dev.intake.ingest;

/** One position of a pattern: matches one character, or (a star) any run of them. */
sealed interface GlobElement {
  record Literal(int codePoint) implements GlobElement {}

  record AnyOne() implements GlobElement {}

  record Star() implements GlobElement {}

  /** A bracket set: pairs of inclusive bounds {@code ranges[2i]..ranges[2i+1]}. */
  record CharSet(int[] ranges, boolean negated) implements GlobElement {
    boolean contains(int cp) {
      boolean in = false;
      for (int i = 0; i < ranges.length && !in; i += 2) {
        in = cp >= ranges[i] && cp <= ranges[i + 1];
      }
      return in != negated;
    }
  }
}
