package dev.intake.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob that matches file names (never paths), case-insensitively, in time linear in the length of
 * the name: the pattern is simulated as a set of positions, one step per character of the name,
 * with no regular expression and no backtracking. (Java's {@code glob:} matcher compiles to a
 * regular expression, whose backtracking took 23 s on one request for {@code
 * *a*a*a*a*a*a*a*a*a*ab}.)
 *
 * <p>Syntax: {@code *} any run of characters, {@code ?} one character, {@code [abc]}, {@code
 * [a-z]}, {@code [!a-z]} one character of (or not of) a set, {@code {pdf,docx}} alternatives (not
 * nested). A {@code ]} first in a set and a {@code -} first or last stand for themselves.
 */
public final class FileNamePattern {
  /** The longest pattern accepted, in characters. */
  public static final int MAX_LENGTH = 128;

  /** The most alternatives one pattern may expand to through its {@code {…}} groups. */
  public static final int MAX_ALTERNATIVES = 32;

  private final String glob;
  private final List<GlobAutomaton> alternatives;

  private FileNamePattern(String glob, List<GlobAutomaton> alternatives) {
    this.glob = glob;
    this.alternatives = alternatives;
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException with a message for a person (what is wrong, at which
   *     character), never the internals of a parser
   */
  public static FileNamePattern compile(String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IllegalArgumentException("the pattern is empty");
    }
    if (glob.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the pattern is longer than " + MAX_LENGTH + " characters");
    }
    List<GlobAutomaton> automata = new ArrayList<>();
    for (List<GlobElement> sequence : new GlobParser(glob).parse()) {
      automata.add(new GlobAutomaton(sequence));
    }
    return new FileNamePattern(glob, List.copyOf(automata));
  }

  /** Whether the whole name matches, ignoring case. */
  public boolean matches(String fileName) {
    for (GlobAutomaton a : alternatives) {
      if (a.matches(fileName)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return glob;
  }

  static int fold(int codePoint) {
    return Character.toLowerCase(codePoint);
  }

  /** Compiles client patterns, naming the offending one in errors ("file_patterns[2] ..."). */
  static List<FileNamePattern> compileAll(String field, List<String> globs, int maxPatterns) {
    if (globs.size() > maxPatterns) {
      throw new IllegalArgumentException(
          field + " has " + globs.size() + " patterns; at most " + maxPatterns + " are allowed");
    }
    List<FileNamePattern> out = new ArrayList<>();
    for (int i = 0; i < globs.size(); i++) {
      String g = globs.get(i);
      try {
        requireNameOnly(g);
        out.add(compile(g));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            field + "[" + i + "] " + quote(g) + ": " + e.getMessage(), null);
      }
    }
    return out;
  }

  private static void requireNameOnly(String glob) {
    if (glob == null) {
      throw new IllegalArgumentException("the pattern is empty");
    }
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '/' || c == '\\') {
        throw new IllegalArgumentException(
            "patterns match file names only, so they may not contain '" + c + "'");
      }
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("the pattern contains a control character");
      }
    }
  }

  private static String quote(String glob) {
    if (glob == null) {
      return "''";
    }
    StringBuilder shown = new StringBuilder("'");
    for (int i = 0; i < glob.length() && i < 40; i++) {
      char c = glob.charAt(i);
      shown.append(Character.isISOControl(c) ? '?' : c);
    }
    return shown.append(glob.length() > 40 ? "…'" : "'").toString();
  }
}
