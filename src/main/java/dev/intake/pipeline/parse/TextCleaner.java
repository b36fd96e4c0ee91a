package dev.intake.pipeline.parse;

import java.util.Arrays;

/**
 * Normalises extracted text before it is chunked and embedded: line breaks become {@code \n},
 * control characters go, trailing spaces go, runs of blank lines shrink to one blank line (a
 * paragraph break), and a word split by a soft hyphen at a line end is joined again.
 *
 * <p>A word split by an ordinary hyphen at a line end is left alone: without a dictionary {@code
 * exam-\nple} cannot be told from {@code well-\nknown}, and a wrong join damages a real word.
 */
final class TextCleaner {

  private static final char SOFT_HYPHEN = '\u00AD';

  private TextCleaner() {}

  static String clean(CharSequence text) {
    return clean(text, new int[0]);
  }

  /**
   * Cleans {@code text} and moves {@code positions}, indexes into it in ascending order, to the
   * same places in the result: each to the first character at or after it that is kept, or to the
   * result's end if none is.
   */
  static String clean(CharSequence text, int[] positions) {
    StringBuilder out = new StringBuilder(text.length());
    StringBuilder line = new StringBuilder();
    // Where each character of line came from in text, so positions can follow it.
    // Kept only while positions are left to move.
    int[] lineSources = new int[positions.length == 0 ? 0 : 16];
    int next = 0; // the first position not yet moved
    boolean blankBefore = false;
    boolean softHyphenAtEnd = false;
    boolean joinNext = false;
    int length = text.length();
    for (int i = 0; i <= length; i++) {
      char c = i < length ? text.charAt(i) : '\n';
      if (!isLineBreak(c)) {
        if (c == SOFT_HYPHEN) {
          // Invisible inside a word; only one at the end of a line means a split word.
          softHyphenAtEnd = true;
        } else if (keep(c)) {
          if (next < positions.length) {
            if (line.length() == lineSources.length) {
              lineSources = Arrays.copyOf(lineSources, lineSources.length * 2);
            }
            lineSources[line.length()] = i;
          }
          line.append(c);
          softHyphenAtEnd &= c == ' ' || c == '\t';
        }
        continue;
      }
      if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
        i++;
      }
      stripTrailingBlanks(line);
      if (line.isEmpty()) {
        blankBefore = !out.isEmpty();
        continue;
      }
      int skipped = 0;
      if (joinNext) {
        skipped = stripLeadingBlanks(line);
      } else if (!out.isEmpty()) {
        out.append(blankBefore ? "\n\n" : "\n");
      }
      next =
          next == positions.length
              ? next
              : movePositions(positions, next, lineSources, skipped, line.length(), out.length());
      out.append(line);
      line.setLength(0);
      joinNext = softHyphenAtEnd;
      softHyphenAtEnd = false;
      blankBefore = false;
    }
    for (; next < positions.length; next++) {
      positions[next] = out.length();
    }
    return out.toString();
  }

  /**
   * Moves the positions that fall at or before the last kept character of a line about to be
   * written at {@code outStart}; {@code sources[skipped + k]} is where its character {@code k} came
   * from. Returns the first position still to move.
   */
  private static int movePositions(
      int[] positions, int next, int[] sources, int skipped, int length, int outStart) {
    int k = 0;
    while (next < positions.length
        && length > 0
        && positions[next] <= sources[skipped + length - 1]) {
      while (sources[skipped + k] < positions[next]) {
        k++;
      }
      positions[next++] = outStart + k;
    }
    return next;
  }

  static int countNonWhitespace(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        count++;
      }
    }
    return count;
  }

  private static boolean isLineBreak(char c) {
    return c == '\n'
        || c == '\r'
        || c == '\f'
        || c == '\u000B'
        || c == '\u0085'
        || c == '\u2028'
        || c == '\u2029';
  }

  private static boolean keep(char c) {
    // U+FEFF is a byte-order mark; U+FFFD stands for a glyph the extractor could not map to a
    // character, noise for search and embeddings.
    return c == '\t'
        || (c != '\uFEFF' && c != '\uFFFD' && Character.getType(c) != Character.CONTROL);
  }

  private static void stripTrailingBlanks(StringBuilder line) {
    int end = line.length();
    while (end > 0 && isBlank(line.charAt(end - 1))) {
      end--;
    }
    line.setLength(end);
  }

  /** Strips the line's leading blanks and returns how many there were. */
  private static int stripLeadingBlanks(StringBuilder line) {
    int start = 0;
    while (start < line.length() && isBlank(line.charAt(start))) {
      start++;
    }
    line.delete(0, start);
    return start;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
