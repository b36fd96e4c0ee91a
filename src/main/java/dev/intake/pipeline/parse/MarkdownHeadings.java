package dev.intake.pipeline.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the headings of a Markdown text: ATX headings ({@code ## Title}, up to six {@code #}, an
 * optional closing run of {@code #}) and setext headings (a line underlined with {@code ===} for
 * level 1 or {@code ---} for level 2). Lines inside fenced code blocks ({@code ```} or {@code ~~~})
 * and indented by four spaces or more are not headings. The heading lines stay in the text.
 */
final class MarkdownHeadings {

  private MarkdownHeadings() {}

  /** Whether a text file is Markdown, by its detected type or its name. */
  static boolean isMarkdown(String mediaType, String filename) {
    String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
    return mediaType.equals("text/x-web-markdown")
        || mediaType.equals("text/markdown")
        || name.endsWith(".md")
        || name.endsWith(".markdown");
  }

  /** The headings of {@code text}, offsets at the start of each heading's first line. */
  static List<Heading> find(CharSequence text) {
    List<Heading> headings = new ArrayList<>();
    String fence = null;
    int previousStart = -1; // start of the previous line if it can be a setext heading's text
    int previousEnd = -1;
    int n = text.length();
    for (int start = 0; start < n; ) {
      int end = start;
      while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.subSequence(start, end).toString();
      int next =
          end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n'
              ? end + 2
              : end + 1;
      String trimmed = line.strip();
      int indent = indent(line);
      if (fence != null) {
        if (indent < 4 && trimmed.startsWith(fence)) {
          fence = null;
        }
        previousStart = -1;
      } else if (indent < 4 && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
        fence = trimmed.substring(0, 3);
        previousStart = -1;
      } else if (indent < 4 && atxLevel(trimmed) > 0) {
        int level = atxLevel(trimmed);
        String title = Heading.normalizeTitle(atxTitle(trimmed, level));
        if (!title.isEmpty()) {
          headings.add(new Heading(level, title, start));
        }
        previousStart = -1;
      } else if (previousStart >= 0 && indent < 4 && setextLevel(trimmed) > 0) {
        String title = Heading.normalizeTitle(text.subSequence(previousStart, previousEnd));
        if (!title.isEmpty()) {
          headings.add(new Heading(setextLevel(trimmed), title, previousStart));
        }
        previousStart = -1;
      } else if (trimmed.isEmpty() || indent >= 4 || startsBlock(trimmed)) {
        previousStart = -1;
      } else {
        previousStart = start;
        previousEnd = end;
      }
      start = next;
    }
    return headings;
  }

  /** A list item, quote or table row: text that a setext underline does not make a heading. */
  private static boolean startsBlock(String trimmed) {
    char c = trimmed.charAt(0);
    return c == '-' || c == '*' || c == '+' || c == '>' || c == '|' || c == '=';
  }

  private static int indent(String line) {
    int columns = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        columns++;
      } else if (c == '\t') {
        columns += 4 - columns % 4;
      } else {
        break;
      }
    }
    return columns;
  }

  /** 1 to 6 for a line of that many {@code #} then a space or the end, else 0. */
  private static int atxLevel(String trimmed) {
    int hashes = 0;
    while (hashes < trimmed.length() && trimmed.charAt(hashes) == '#') {
      hashes++;
    }
    if (hashes == 0 || hashes > 6) {
      return 0;
    }
    return hashes == trimmed.length()
            || trimmed.charAt(hashes) == ' '
            || trimmed.charAt(hashes) == '\t'
        ? hashes
        : 0;
  }

  private static String atxTitle(String trimmed, int level) {
    String title = trimmed.substring(level).strip();
    int end = title.length();
    while (end > 0 && title.charAt(end - 1) == '#') {
      end--;
    }
    // A closing run of # counts only after a space ("C#" keeps its #).
    if (end < title.length() && (end == 0 || title.charAt(end - 1) == ' ')) {
      title = title.substring(0, end).strip();
    }
    return title;
  }

  /** 1 for a line of only {@code =}, 2 for one of only {@code -} (at least two), else 0. */
  private static int setextLevel(String trimmed) {
    if (trimmed.length() < 2) {
      return 0;
    }
    char c = trimmed.charAt(0);
    if (c != '=' && c != '-') {
      return 0;
    }
    for (int i = 1; i < trimmed.length(); i++) {
      if (trimmed.charAt(i) != c) {
        return 0;
      }
    }
    return c == '=' ? 1 : 2;
  }
}
