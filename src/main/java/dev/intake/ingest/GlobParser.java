package dev.intake.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a glob ({@link FileNamePattern}'s syntax) into its alternatives, each a sequence of
 * elements.
 */
final class GlobParser {
  private final String glob;
  private int pos;

  GlobParser(String glob) {
    this.glob = glob;
  }

  List<List<GlobElement>> parse() {
    List<List<GlobElement>> out = new ArrayList<>();
    out.add(new ArrayList<>());
    while (pos < glob.length()) {
      int cp = glob.codePointAt(pos);
      if (cp == '{') {
        pos++;
        out = product(out, group());
      } else {
        GlobElement e = element();
        out.forEach(seq -> seq.add(e));
      }
    }
    return out;
  }

  /** The alternatives of a {@code {a,b}} group; {@code pos} is just past the brace. */
  private List<List<GlobElement>> group() {
    int start = pos - 1;
    List<List<GlobElement>> alternatives = new ArrayList<>();
    List<GlobElement> current = new ArrayList<>();
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

  private List<List<GlobElement>> product(
      List<List<GlobElement>> heads, List<List<GlobElement>> tails) {
    if ((long) heads.size() * tails.size() > FileNamePattern.MAX_ALTERNATIVES) {
      throw error(
          "the pattern has more than " + FileNamePattern.MAX_ALTERNATIVES + " alternatives");
    }
    List<List<GlobElement>> out = new ArrayList<>();
    for (List<GlobElement> h : heads) {
      for (List<GlobElement> t : tails) {
        List<GlobElement> seq = new ArrayList<>(h);
        seq.addAll(t);
        out.add(seq);
      }
    }
    return out;
  }

  private GlobElement element() {
    int cp = glob.codePointAt(pos);
    pos += Character.charCount(cp);
    return switch (cp) {
      case '*' -> new GlobElement.Star();
      case '?' -> new GlobElement.AnyOne();
      case '[' -> charSet(pos - 1);
      case '}' -> throw error("'}' at character " + pos + " closes no '{'"); // a group ends first
      default -> new GlobElement.Literal(FileNamePattern.fold(cp));
    };
  }

  /** A bracket set; {@code pos} is just past the {@code [} found at {@code open}. */
  private GlobElement charSet(int open) {
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
    return new GlobElement.CharSet(bounds.stream().mapToInt(Integer::intValue).toArray(), negated);
  }

  /** A range as written, plus its lower-case image (names are compared folded to lower case). */
  private static void addFolded(List<Integer> bounds, int lo, int hi) {
    bounds.add(lo);
    bounds.add(hi);
    if (hi - lo < 256) { // folding a huge range one code point at a time is not worth it
      for (int cp = lo; cp <= hi; cp++) {
        int f = FileNamePattern.fold(cp);
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
