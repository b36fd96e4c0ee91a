package dev.intake.pipeline.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDestinationDictionary;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDNamedDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PDF's outline (its bookmarks) as the headings of its pages: an item's level is its depth in the
 * outline, its page is where its destination points (a page destination, a GoTo action, or a named
 * destination), and its place on the page is where its title's text first stands there (white space
 * and case aside, a match at a line's start preferred); a title the page does not show starts its
 * section where the previous heading of the page does, or at the page's top.
 *
 * <p>An item whose page cannot be found (a link to another file, a dangling name) is left out, and
 * its children come up a level. A hostile outline is bounded: each item is visited once (an outline
 * whose links point back does not loop), at most {@value #MAX_ITEMS} items and {@value #MAX_DEPTH}
 * levels are read, and finding titles on pages stops after {@value #SEARCH_BUDGET} characters of
 * work (text length times title length), after which headings go where the previous one went.
 */
final class PdfOutline {

  static final int MAX_ITEMS = 10_000;
  static final int MAX_DEPTH = 16;
  static final long SEARCH_BUDGET = 2_000_000_000L;

  /** A document without an outline. */
  static final PdfOutline NONE = new PdfOutline(Map.of());

  private static final Logger log = LoggerFactory.getLogger(PdfOutline.class);

  private record Entry(int level, String title) {}

  private final Map<Integer, List<Entry>> byPage;
  private long searchLeft = SEARCH_BUDGET;

  private PdfOutline(Map<Integer, List<Entry>> byPage) {
    this.byPage = byPage;
  }

  /**
   * Reads the outline of {@code document}.
   *
   * @param pageNumbers each page's dictionary and its number, 1-based
   */
  static PdfOutline read(PDDocument document, Map<COSDictionary, Integer> pageNumbers) {
    PDDocumentCatalog catalog = document.getDocumentCatalog();
    PDDocumentOutline outline;
    try {
      outline = catalog.getDocumentOutline();
    } catch (RuntimeException e) {
      log.debug("PDF outline could not be read", e);
      return NONE;
    }
    if (outline == null) {
      return NONE;
    }
    List<Item> items = new ArrayList<>();
    collect(outline, -1, 0, Collections.newSetFromMap(new IdentityHashMap<>()), items);
    Destinations destinations = new Destinations(catalog, pageNumbers, items);
    Map<Integer, List<Entry>> byPage = new HashMap<>();
    // the level of an item's children: one below the item if it is kept, else the item's own
    int[] childLevel = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      int level = item.parent < 0 ? 1 : childLevel[item.parent];
      Integer page = destinations.pageOf(item.destination);
      if (page != null) {
        byPage.computeIfAbsent(page, p -> new ArrayList<>()).add(new Entry(level, item.title));
      }
      childLevel[i] = page != null ? level + 1 : level;
    }
    return byPage.isEmpty() ? NONE : new PdfOutline(byPage);
  }

  /**
   * An outline item as read: the index of the nearest item above it that has a title (-1 for none),
   * its title, and its destination (a page or a name), or null.
   */
  private record Item(int parent, String title, PDDestination destination) {}

  /** Collects the items under {@code node} in document order, each item once. */
  private static void collect(
      PDOutlineNode node, int parent, int depth, Set<Object> seen, List<Item> items) {
    if (depth >= MAX_DEPTH) {
      return;
    }
    PDOutlineItem child = firstChild(node);
    while (child != null && seen.size() < MAX_ITEMS && seen.add(child.getCOSObject())) {
      String title = title(child);
      int index = parent;
      if (!title.isEmpty()) {
        index = items.size();
        items.add(new Item(parent, title, destination(child)));
      }
      collect(child, index, depth + 1, seen, items);
      child = nextSibling(child);
    }
  }

  private static PDOutlineItem firstChild(PDOutlineNode node) {
    try {
      return node.getFirstChild();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static PDOutlineItem nextSibling(PDOutlineItem item) {
    try {
      return item.getNextSibling();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String title(PDOutlineItem item) {
    try {
      String title = item.getTitle();
      return title == null ? "" : Heading.normalizeTitle(title);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static PDDestination destination(PDOutlineItem item) {
    try {
      PDDestination destination = item.getDestination();
      if (destination == null && item.getAction() instanceof PDActionGoTo goTo) {
        destination = goTo.getDestination();
      }
      return destination;
    } catch (IOException | RuntimeException e) {
      log.debug("PDF outline item '{}' has an unreadable destination", item.getTitle(), e);
      return null;
    }
  }

  /**
   * The headings the outline puts on page {@code pageNumber}, placed in {@code text} (the page's
   * text); offsets never decrease.
   */
  List<Heading> headingsOn(int pageNumber, CharSequence text) {
    List<Entry> entries = byPage.get(pageNumber);
    if (entries == null) {
      return List.of();
    }
    Folded page = new Folded(text);
    List<Heading> headings = new ArrayList<>(entries.size());
    int from = 0;
    int offset = 0;
    for (Entry entry : entries) {
      String needle = Folded.fold(entry.title);
      long cost = (long) (page.length() - from) * needle.length();
      int at = -1;
      if (cost <= searchLeft) {
        searchLeft -= cost;
        at = page.find(needle, from);
      }
      if (at >= 0) {
        offset = Math.max(offset, page.offsetOf(at));
        from = at + needle.length();
      }
      headings.add(new Heading(entry.level, entry.title, offset));
    }
    return headings;
  }

  /**
   * A page's text lower-cased with each run of white space made one space, remembering where each
   * character stood in the text.
   */
  private static final class Folded {
    private final String folded;
    private final int[] raw;
    private final CharSequence text;

    Folded(CharSequence text) {
      this.text = text;
      StringBuilder out = new StringBuilder(text.length());
      int[] index = new int[text.length()];
      boolean space = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (isSpace(c)) {
          if (!space) {
            index[out.length()] = i;
            out.append(' ');
          }
          space = true;
        } else {
          index[out.length()] = i;
          out.append(Character.toLowerCase(c));
          space = false;
        }
      }
      this.folded = out.toString();
      this.raw = index;
    }

    static String fold(String title) {
      StringBuilder out = new StringBuilder(title.length());
      for (int i = 0; i < title.length(); i++) {
        out.append(Character.toLowerCase(title.charAt(i)));
      }
      return out.toString();
    }

    int length() {
      return folded.length();
    }

    /**
     * The first match at or after {@code from} that starts a line (after a section number, if any),
     * else the first match.
     */
    int find(String needle, int from) {
      int first = folded.indexOf(needle, from);
      for (int at = first; at >= 0; at = folded.indexOf(needle, at + 1)) {
        if (lineStart(raw[at]) >= 0) {
          return at;
        }
      }
      return first;
    }

    /**
     * Where a heading found at {@code at} starts in the text: at the start of its line if only a
     * section number stands before it there ("2.1 Scope" for the title "Scope"), else where it was
     * found.
     */
    int offsetOf(int at) {
      int start = lineStart(raw[at]);
      return start >= 0 ? start : raw[at];
    }

    /**
     * The first character of the line that holds {@code rawAt}, if only white space and a section
     * number (digits, dots, brackets) stand before it on that line; else -1.
     */
    private int lineStart(int rawAt) {
      int start = rawAt;
      for (int i = rawAt - 1; i >= 0; i--) {
        char c = text.charAt(i);
        if (c == '\n' || c == '\r') {
          return start;
        }
        if (Character.isDigit(c) || c == '.' || c == '(' || c == ')') {
          start = i;
        } else if (!isSpace(c)) {
          return -1;
        }
      }
      return start;
    }

    private static boolean isSpace(char c) {
      return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
  }

  /**
   * Finds the page an outline item's destination points to. Named destinations are looked up in the
   * catalog's /Dests dictionary and in the /Dests name tree, walked once for all the names the
   * outline uses.
   */
  private static final class Destinations {
    private final Map<COSDictionary, Integer> pageNumbers;
    private final PDDocumentNameDestinationDictionary oldStyle;
    private final Map<String, PDPageDestination> named = new HashMap<>();

    Destinations(
        PDDocumentCatalog catalog, Map<COSDictionary, Integer> pageNumbers, List<Item> items) {
      this.pageNumbers = pageNumbers;
      Set<String> wanted = new HashSet<>();
      for (Item item : items) {
        if (item.destination instanceof PDNamedDestination n && n.getNamedDestination() != null) {
          wanted.add(n.getNamedDestination());
        }
      }
      PDDocumentNameDestinationDictionary dests = null;
      if (!wanted.isEmpty()) {
        try {
          dests = catalog.getDests();
          PDDocumentNameDictionary names = catalog.getNames();
          if (names != null) {
            PdfNameTrees.forEach(
                names.getDests(),
                (name, destination) -> {
                  if (wanted.remove(name)) {
                    named.put(name, destination);
                  }
                  return !wanted.isEmpty();
                });
          }
        } catch (RuntimeException e) {
          log.debug("PDF named destinations could not be read", e);
        }
      }
      this.oldStyle = dests;
    }

    Integer pageOf(PDDestination destination) {
      try {
        if (destination instanceof PDNamedDestination n) {
          destination = lookUp(n.getNamedDestination());
        }
        if (!(destination instanceof PDPageDestination target)) {
          return null;
        }
        PDPage page = target.getPage();
        if (page != null) {
          return pageNumbers.get(page.getCOSObject());
        }
        int index = target.getPageNumber();
        return index >= 0 && index < pageNumbers.size() ? index + 1 : null;
      } catch (IOException | RuntimeException e) {
        log.debug("PDF outline destination could not be resolved", e);
        return null;
      }
    }

    private PDDestination lookUp(String name) throws IOException {
      if (name == null) {
        return null;
      }
      PDPageDestination found = named.get(name);
      if (found != null || oldStyle == null) {
        return found;
      }
      return oldStyle.getDestination(name);
    }
  }
}
