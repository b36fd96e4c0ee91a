package dev.intake.pipeline.parse;

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
    StringBuilder out = new StringBuilder(text.length());
    StringBuilder line = new StringBuilder();
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
      if (joinNext) {
        stripLeadingBlanks(line);
      } else if (!out.isEmpty()) {
        out.append(blankBefore ? "\n\n" : "\n");
      }
      out.append(line);
      line.setLength(0);
      joinNext = softHyphenAtEnd;
      softHyphenAtEnd = false;
      blankBefore = false;
    }
    return out.toString();
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

  private static void stripLeadingBlanks(StringBuilder line) {
    int start = 0;
    while (start < line.length() && isBlank(line.charAt(start))) {
      start++;
    }
    line.delete(0, start);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
