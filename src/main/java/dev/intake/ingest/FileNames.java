package dev.intake.ingest;

/**
 * The name a client gave a file, made safe to keep and show: metadata only (stored files are named
 * by the server), so it loses any directory part, control characters (NUL, line breaks, …) and the
 * invisible characters that reorder or hide text ({@code U+202E} makes {@code exe.pdf} look like
 * {@code fdp.exe}); it is cut to {@value #MAX_LENGTH} characters without splitting a surrogate
 * pair.
 */
public final class FileNames {
  public static final int MAX_LENGTH = 255;
  private static final String FALLBACK = "upload";

  private FileNames() {}

  public static String clean(String name) {
    if (name == null) {
      return FALLBACK;
    }
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    StringBuilder out = new StringBuilder(Math.min(base.length(), MAX_LENGTH + 1));
    for (int i = 0; i < base.length(); ) {
      int cp = base.codePointAt(i);
      i += Character.charCount(cp);
      if (!hidden(cp)) {
        out.appendCodePoint(cp);
      }
    }
    String clean = truncate(out.toString().strip());
    return clean.isEmpty() || clean.equals(".") || clean.equals("..") ? FALLBACK : clean;
  }

  /** Characters a name must not carry: controls, bidi controls, separators, lone surrogates. */
  static boolean hidden(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true; // a surrogate alone here was never half of a pair
      default -> isBidiControl(cp);
    };
  }

  /** LRM, RLM, ALM and the embeddings, overrides and isolates of Unicode's bidi algorithm. */
  private static boolean isBidiControl(int cp) {
    return cp == 0x200E
        || cp == 0x200F
        || cp == 0x061C
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  private static String truncate(String s) {
    if (s.length() <= MAX_LENGTH) {
      return s;
    }
    int end = MAX_LENGTH;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--; // keep the pair whole by leaving it out
    }
    return s.substring(0, end).strip();
  }
}
