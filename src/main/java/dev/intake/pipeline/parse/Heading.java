package dev.intake.pipeline.parse;

import java.util.Objects;

/**
 * Where a section of a document starts: a heading of Word, OpenDocument, HTML or Markdown, an entry
 * of a PDF's outline, a slide's title, a sheet's name. A heading of level {@code L} opens a section
 * that runs until the next heading of level {@code L} or less, across pages; the headings open at a
 * point make its section path, such as "2 Installation &gt; 2.1 Requirements".
 *
 * @param level 1 for the top level (h1, an outline's first level, a slide, a sheet), larger for
 *     deeper levels; levels may skip (an h3 right under an h1)
 * @param title the heading's text, white space collapsed to single spaces and trimmed; never blank
 * @param offset where the section starts in the text of the page that holds the heading: an index
 *     into that page's text, {@code 0 <= offset <= text.length()}
 */
public record Heading(int level, String title, int offset) {

  public Heading {
    Objects.requireNonNull(title, "title");
    if (level < 1) {
      throw new IllegalArgumentException("heading level " + level + " is below 1");
    }
    if (title.isBlank()) {
      throw new IllegalArgumentException("a heading's title is blank");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("heading offset " + offset + " is negative");
    }
  }

  /** The most characters of a title that are kept; a longer one is cut. */
  public static final int MAX_TITLE_CHARS = 300;

  /**
   * A heading's title as it should read: white space runs collapsed, control characters dropped,
   * trimmed, and cut at {@link #MAX_TITLE_CHARS}; may be empty (then there is no heading).
   */
  public static String normalizeTitle(CharSequence raw) {
    return normalize(raw, MAX_TITLE_CHARS);
  }

  static String normalize(CharSequence raw, int maxChars) {
    StringBuilder out = new StringBuilder(Math.min(raw.length(), maxChars));
    boolean space = false;
    for (int i = 0; i < raw.length() && out.length() < maxChars; i++) {
      char c = raw.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = !out.isEmpty();
      } else if (Character.isISOControl(c) || c == '\uFEFF' || c == '\uFFFD') {
        continue;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    int end = out.length();
    if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
      end--;
    }
    return out.substring(0, end);
  }
}
