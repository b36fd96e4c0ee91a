package dev.intake.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One alternative of a {@link FileNamePattern} as a bit-parallel automaton over positions 0..m (m =
 * number of elements): bit j set means "the name so far matches the first j elements". One step per
 * code point of the name costs a few word operations, plus one test per bracket set: linear in the
 * name.
 */
final class GlobAutomaton {
  private final int accept;
  private final long[] stars;
  private final long[] anyOne;
  private final Map<Integer, long[]> literals = new HashMap<>();
  private final int[] setPositions;
  private final GlobElement.CharSet[] sets;

  /** The mask of each ASCII character, worked out once: names are mostly ASCII. */
  private final long[][] ascii = new long[128][];

  GlobAutomaton(List<GlobElement> sequence) {
    List<GlobElement> elements = withoutRepeatedStars(sequence);
    this.accept = elements.size();
    int words = accept / 64 + 1;
    this.stars = new long[words];
    this.anyOne = new long[words];
    List<Integer> positions = new ArrayList<>();
    List<GlobElement.CharSet> charSets = new ArrayList<>();
    for (int j = 0; j < elements.size(); j++) {
      switch (elements.get(j)) {
        case GlobElement.Star s -> set(stars, j);
        case GlobElement.AnyOne a -> set(anyOne, j);
        case GlobElement.Literal l ->
            set(literals.computeIfAbsent(l.codePoint(), k -> new long[words]), j);
        case GlobElement.CharSet c -> {
          positions.add(j);
          charSets.add(c);
        }
      }
    }
    this.setPositions = positions.stream().mapToInt(Integer::intValue).toArray();
    this.sets = charSets.toArray(GlobElement.CharSet[]::new);
    for (int c = 0; c < ascii.length; c++) {
      ascii[c] = new long[words];
      charMask(c, ascii[c]);
    }
  }

  /** {@code **} means what {@code *} means; one star per run keeps the closure to one step. */
  private static List<GlobElement> withoutRepeatedStars(List<GlobElement> sequence) {
    List<GlobElement> out = new ArrayList<>();
    for (GlobElement e : sequence) {
      if (!(e instanceof GlobElement.Star
          && !out.isEmpty()
          && out.getLast() instanceof GlobElement.Star)) {
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
      int cp = FileNamePattern.fold(raw);
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
      int cp = FileNamePattern.fold(raw);
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
