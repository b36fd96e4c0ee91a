package dev.intake.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  private final List<Automaton> alternatives;

  private FileNamePattern(String glob, List<Automaton> alternatives) {
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
    List<Automaton> automata = new ArrayList<>();
    for (List<Element> sequence : new Parser(glob).parse()) {
      automata.add(new Automaton(sequence));
    }
    return new FileNamePattern(glob, List.copyOf(automata));
  }

  /** Whether the whole name matches, ignoring case. */
  public boolean matches(String fileName) {
    for (Automaton a : alternatives) {
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

  /** One position of a pattern: matches one character, or (a star) any run of them. */
  private sealed interface Element {
    record Literal(int codePoint) implements Element {}

    record AnyOne() implements Element {}

    record Star() implements Element {}

    /** A bracket set: pairs of inclusive bounds {@code ranges[2i]..ranges[2i+1]}. */
    record CharSet(int[] ranges, boolean negated) implements Element {
      boolean contains(int cp) {
        boolean in = false;
        for (int i = 0; i < ranges.length && !in; i += 2) {
          in = cp >= ranges[i] && cp <= ranges[i + 1];
        }
        return in != negated;
      }
    }
  }

  /** Reads a glob into its alternatives, each a sequence of elements. */
  private static final class Parser {
    private final String glob;
    private int pos;

    Parser(String glob) {
      this.glob = glob;
    }

    List<List<Element>> parse() {
      List<List<Element>> out = new ArrayList<>();
      out.add(new ArrayList<>());
      while (pos < glob.length()) {
        int cp = glob.codePointAt(pos);
        if (cp == '{') {
          pos++;
          out = product(out, group());
        } else {
          Element e = element();
          out.forEach(seq -> seq.add(e));
        }
      }
      return out;
    }

    /** The alternatives of a {@code {a,b}} group; {@code pos} is just past the brace. */
    private List<List<Element>> group() {
      int start = pos - 1;
      List<List<Element>> alternatives = new ArrayList<>();
      List<Element> current = new ArrayList<>();
      while (true) {
        if (pos >= glob.length()) {
          throw error("'{' at character " + (start + 1) + " is not closed");
        }
        int cp = glob.codePointAt(pos);
        if (cp == '{') {
          throw error("'{' groups cannot be nested (character " + (pos + 1) + ")");
        } else if (cp == ',' || cp == '}') {
          pos++;
          alternatives.add(current);
          current = new ArrayList<>();
          if (cp == '}') {
            return alternatives;
          }
        } else {
          current.add(element());
        }
      }
    }

    private List<List<Element>> product(List<List<Element>> heads, List<List<Element>> tails) {
      if ((long) heads.size() * tails.size() > MAX_ALTERNATIVES) {
        throw error("the pattern has more than " + MAX_ALTERNATIVES + " alternatives");
      }
      List<List<Element>> out = new ArrayList<>();
      for (List<Element> h : heads) {
        for (List<Element> t : tails) {
          List<Element> seq = new ArrayList<>(h);
          seq.addAll(t);
          out.add(seq);
        }
      }
      return out;
    }

    private Element element() {
      int cp = glob.codePointAt(pos);
      pos += Character.charCount(cp);
      return switch (cp) {
        case '*' -> new Element.Star();
        case '?' -> new Element.AnyOne();
        case '[' -> charSet(pos - 1);
        case '}' -> throw error("'}' at character " + pos + " closes no '{'"); // a group ends first
        default -> new Element.Literal(fold(cp));
      };
    }

    /** A bracket set; {@code pos} is just past the {@code [} found at {@code open}. */
    private Element charSet(int open) {
      boolean negated = pos < glob.length() && (glob.charAt(pos) == '!' || glob.charAt(pos) == '^');
      if (negated) {
        pos++;
      }
      List<Integer> bounds = new ArrayList<>();
      boolean first = true;
      while (true) {
        if (pos >= glob.length()) {
          throw error("'[' at character " + (open + 1) + " is not closed");
        }
        int lo = glob.codePointAt(pos);
        if (lo == ']' && !first) {
          pos++;
          break;
        }
        first = false;
        pos += Character.charCount(lo);
        int hi = lo;
        if (pos + 1 < glob.length() && glob.charAt(pos) == '-' && glob.charAt(pos + 1) != ']') {
          hi = glob.codePointAt(pos + 1);
          pos += 1 + Character.charCount(hi);
          if (hi < lo) {
            throw error(
                "the range '"
                    + Character.toString(lo)
                    + "-"
                    + Character.toString(hi)
                    + "' runs backwards");
          }
        }
        addFolded(bounds, lo, hi);
      }
      return new Element.CharSet(bounds.stream().mapToInt(Integer::intValue).toArray(), negated);
    }

    /** A range as written, plus its lower-case image (names are compared folded to lower case). */
    private static void addFolded(List<Integer> bounds, int lo, int hi) {
      bounds.add(lo);
      bounds.add(hi);
      if (hi - lo < 256) { // folding a huge range one code point at a time is not worth it
        for (int cp = lo; cp <= hi; cp++) {
          int f = fold(cp);
          if (f != cp) {
            bounds.add(f);
            bounds.add(f);
          }
        }
      }
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException(message);
    }
  }

  static int fold(int codePoint) {
    return Character.toLowerCase(codePoint);
  }

  /**
   * The pattern as a bit-parallel automaton over positions 0..m (m = number of elements): bit j set
   * means "the name so far matches the first j elements". One step per code point of the name costs
   * a few word operations, plus one test per bracket set: linear in the name.
   */
  private static final class Automaton {
    private final int accept;
    private final long[] stars;
    private final long[] anyOne;
    private final Map<Integer, long[]> literals = new HashMap<>();
    private final int[] setPositions;
    private final Element.CharSet[] sets;

    /** The mask of each ASCII character, worked out once: names are mostly ASCII. */
    private final long[][] ascii = new long[128][];

    Automaton(List<Element> sequence) {
      List<Element> elements = withoutRepeatedStars(sequence);
      this.accept = elements.size();
      int words = accept / 64 + 1;
      this.stars = new long[words];
      this.anyOne = new long[words];
      List<Integer> positions = new ArrayList<>();
      List<Element.CharSet> charSets = new ArrayList<>();
      for (int j = 0; j < elements.size(); j++) {
        switch (elements.get(j)) {
          case Element.Star s -> set(stars, j);
          case Element.AnyOne a -> set(anyOne, j);
          case Element.Literal l ->
              set(literals.computeIfAbsent(l.codePoint(), k -> new long[words]), j);
          case Element.CharSet c -> {
            positions.add(j);
            charSets.add(c);
          }
        }
      }
      this.setPositions = positions.stream().mapToInt(Integer::intValue).toArray();
      this.sets = charSets.toArray(Element.CharSet[]::new);
      for (int c = 0; c < ascii.length; c++) {
        ascii[c] = new long[words];
        charMask(c, ascii[c]);
      }
    }

    /** {@code **} means what {@code *} means; one star per run keeps the closure to one step. */
    private static List<Element> withoutRepeatedStars(List<Element> sequence) {
      List<Element> out = new ArrayList<>();
      for (Element e : sequence) {
        if (!(e instanceof Element.Star
            && !out.isEmpty()
            && out.getLast() instanceof Element.Star)) {
          out.add(e);
        }
      }
      return out;
    }

    boolean matches(String name) {
      return stars.length == 1 ? matchesInOneWord(name) : matchesInWords(name);
    }

    /** Patterns of up to 63 elements (nearly all): the state is one {@code long}. */
    private boolean matchesInOneWord(String name) {
      long star = stars[0];
      long state = 1L;
      state |= (state & star) << 1;
      long[] scratch = new long[1];
      for (int i = 0; i < name.length(); ) {
        int raw = name.codePointAt(i);
        i += Character.charCount(raw);
        int cp = fold(raw);
        long mask;
        if (cp < ascii.length) {
          mask = ascii[cp][0];
        } else {
          charMask(cp, scratch);
          mask = scratch[0];
        }
        long next = ((state & mask) << 1) | (state & star);
        next |= (next & star) << 1;
        if (next == 0) {
          return false;
        }
        state = next;
      }
      return (state >>> accept & 1L) != 0;
    }

    private boolean matchesInWords(String name) {
      int words = stars.length;
      long[] state = new long[words];
      long[] next = new long[words];
      long[] step = new long[words];
      set(state, 0);
      closeOverStars(state);
      for (int i = 0; i < name.length(); ) {
        int raw = name.codePointAt(i);
        i += Character.charCount(raw);
        int cp = fold(raw);
        if (cp < ascii.length) {
          System.arraycopy(ascii[cp], 0, step, 0, words);
        } else {
          charMask(cp, step);
        }
        boolean alive = false;
        for (int w = 0; w < words; w++) {
          next[w] = state[w] & step[w];
        }
        shiftLeftOne(next);
        for (int w = 0; w < words; w++) {
          next[w] |= state[w] & stars[w]; // a star consumes the character and stays
        }
        closeOverStars(next);
        for (int w = 0; w < words; w++) {
          state[w] = next[w];
          alive |= next[w] != 0;
        }
        if (!alive) {
          return false;
        }
      }
      return (state[accept >>> 6] & (1L << (accept & 63))) != 0;
    }

    /** The positions whose element consumes {@code cp} (stars aside). */
    private void charMask(int cp, long[] out) {
      long[] lit = literals.get(cp);
      for (int w = 0; w < out.length; w++) {
        out[w] = anyOne[w] | (lit == null ? 0 : lit[w]);
      }
      for (int k = 0; k < sets.length; k++) {
        if (sets[k].contains(cp)) {
          set(out, setPositions[k]);
        }
      }
    }

    /** A star may also match nothing: reaching it reaches the position after it. */
    private void closeOverStars(long[] s) {
      long[] reached = new long[s.length];
      for (int w = 0; w < s.length; w++) {
        reached[w] = s[w] & stars[w];
      }
      shiftLeftOne(reached);
      for (int w = 0; w < s.length; w++) {
        s[w] |= reached[w];
      }
    }

    private static void shiftLeftOne(long[] s) {
      long carry = 0;
      for (int w = 0; w < s.length; w++) {
        long out = s[w] >>> 63;
        s[w] = (s[w] << 1) | carry;
        carry = out;
      }
    }

    private static void set(long[] bits, int j) {
      bits[j >>> 6] |= 1L << (j & 63);
    }
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
