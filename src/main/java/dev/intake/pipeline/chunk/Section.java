package dev.intake.pipeline.chunk;

import dev.intake.pipeline.parse.Heading;
import java.util.ArrayList;
import java.util.List;

/**
 * The headings open at a point of a document, outermost first, as in "2 Installation &gt; 2.1
 * Requirements". Immutable; units of one section share one instance.
 *
 * @param levels each open heading's level, increasing
 * @param titles each open heading's title
 */
record Section(List<Integer> levels, List<String> titles) {

  /** Before the first heading. */
  static final Section NONE = new Section(List.of(), List.of());

  /** The most headings a path holds; a deeper heading (a hostile outline, say) is left out. */
  static final int MAX_DEPTH = 10;

  static final String SEPARATOR = " > ";

  Section {
    levels = List.copyOf(levels);
    titles = List.copyOf(titles);
  }

  /**
   * The section that {@code heading} opens here: it closes every open heading of its level or
   * deeper.
   */
  Section open(Heading heading) {
    int keep = 0;
    while (keep < levels.size() && levels.get(keep) < heading.level()) {
      keep++;
    }
    if (keep >= MAX_DEPTH) {
      return this;
    }
    List<Integer> newLevels = new ArrayList<>(levels.subList(0, keep));
    List<String> newTitles = new ArrayList<>(titles.subList(0, keep));
    newLevels.add(heading.level());
    newTitles.add(heading.title());
    return new Section(newLevels, newTitles);
  }

  /** The longest path both sections start with. */
  Section commonPrefix(Section other) {
    int n = 0;
    while (n < titles.size()
        && n < other.titles.size()
        && titles.get(n).equals(other.titles.get(n))
        && levels.get(n).equals(other.levels.get(n))) {
      n++;
    }
    return n == titles.size() ? this : new Section(levels.subList(0, n), titles.subList(0, n));
  }

  boolean isEmpty() {
    return titles.isEmpty();
  }

  /** The titles joined by " > ", or null under no heading. */
  String path() {
    return titles.isEmpty() ? null : String.join(SEPARATOR, titles);
  }
}
