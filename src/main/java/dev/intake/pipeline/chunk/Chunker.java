package dev.intake.pipeline.chunk;

import dev.intake.pipeline.parse.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts document text into {@link Chunk}s of at most {@link ChunkingSettings#chunkSize()} tokens.
 *
 * <p>A chunk ends at the last heading that leaves it at least half full, else at the last paragraph
 * break that does, else at the last sentence break, else at the last word break; a single word
 * longer than a chunk is split inside. A table row (a line whose cells are parted by a tab or " |
 * ", as spreadsheet rows are written) is never split when it fits in a chunk. Each chunk after the
 * first starts with trailing sentences or rows (or, failing that, words of a sentence) of the
 * previous chunk, at most {@link ChunkingSettings#chunkOverlap()} tokens, except a chunk that
 * starts at a heading: a section's first chunk repeats nothing of the section before.
 *
 * <p>A chunk's {@link Chunk#section() section} is the path of headings it falls under: of the
 * headings open over all of its new text (the overlap aside), those open over all of it, such as "2
 * Installation" for a chunk holding the end of "2.1 Requirements" and the start of "2.2 Download";
 * a chunk that spans two top-level sections has the section it starts in. Tokens are counted
 * through a {@link TokenBudget}: the tokenizer never sees more than 100 characters per token of the
 * chunk size at once, however long a line or a word is, and no chunk is longer. The result depends
 * only on the text, the headings and the settings, never on how the text was fed in, so a resumed
 * job cuts a document exactly as the first attempt did.
 *
 * <p>Thread-safe: one chunker serves every worker; each document gets its own {@link Session}.
 */
public final class Chunker {

  private final Tokenizer tokenizer;

  public Chunker(Tokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  /** Starts chunking one document. */
  public Session open(ChunkingSettings settings) {
    return new Session(tokenizer, Objects.requireNonNull(settings, "settings"));
  }

  /** Chunks a document held in memory; {@code pages.get(0)} is page 1. */
  public List<Chunk> chunk(List<String> pages, ChunkingSettings settings) {
    Session session = open(settings);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      chunks.addAll(session.addPage(i + 1, pages.get(i)));
    }
    chunks.addAll(session.finish());
    return chunks;
  }

  /**
   * Chunks one document page by page, keeping only the text it has not yet emitted (plus the end of
   * the last chunk, for overlap), so memory stays bounded however long the document is. Not
   * thread-safe: a session belongs to the worker processing its document.
   */
  public static final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final Tokenizer tokenizer;
    private final TokenBudget budget;
    private final ChunkingSettings settings;
    private final Segmenter segmenter;
    private final TextWindow text = new TextWindow();

    /** Units not yet in a chunk, in document order. */
    private final List<Unit> pending = new ArrayList<>();

    /** The units of the last chunk, where the next chunk's overlap comes from. */
    private List<Unit> previous = List.of();

    private Overlap overlap = Overlap.NONE;
    private Section section = Section.NONE;
    private int lastPage;
    private int nextIndex;
    private boolean finished;

    private Session(Tokenizer tokenizer, ChunkingSettings settings) {
      TokenBudget budget = new TokenBudget(tokenizer, settings.chunkSize());
      this.tokenizer = budget;
      this.budget = budget;
      this.settings = settings;
      this.segmenter = new Segmenter(budget, settings.chunkSize());
    }

    /**
     * Adds the next page and returns the chunks completed by it, possibly none.
     *
     * @param pageNumber 1-based, greater than that of the previous page
     * @param pageText the page's text; the document text is the pages joined by a blank line
     */
    public List<Chunk> addPage(int pageNumber, String pageText) {
      return addPage(pageNumber, pageText, List.of());
    }

    /**
     * Adds the next page with the headings that start sections on it.
     *
     * @param headings in text order, offsets into {@code pageText}; a heading opens a section that
     *     runs until the next heading of its level or a lower one, across pages
     */
    public List<Chunk> addPage(int pageNumber, String pageText, List<Heading> headings) {
      Objects.requireNonNull(pageText, "pageText");
      Objects.requireNonNull(headings, "headings");
      if (finished) {
        throw new IllegalStateException("the session is finished; open a new one");
      }
      if (pageNumber < 1 || pageNumber <= lastPage) {
        throw new IllegalArgumentException(
            "page numbers must start at 1 and increase, but page %d came after page %d"
                .formatted(pageNumber, lastPage));
      }
      lastPage = pageNumber;
      int[] starts = sectionStarts(headings, pageText.length());
      int offset = text.appendPage(pageText);
      int next = 0;
      for (Unit unit : segmenter.split(pageText, offset, pageNumber, starts)) {
        while (next < starts.length && offset + starts[next] <= unit.start()) {
          section = section.open(headings.get(next++));
        }
        pending.add(unit.withSection(section));
      }
      // Headings after the page's last text open sections that go on to the next page.
      while (next < starts.length) {
        section = section.open(headings.get(next++));
      }
      List<Chunk> chunks = drain(false);
      text.discardBefore(oldestNeededOffset());
      return chunks;
    }

    private static int[] sectionStarts(List<Heading> headings, int pageLength) {
      int[] starts = new int[headings.size()];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = headings.get(i).offset();
        if (starts[i] > pageLength || (i > 0 && starts[i] < starts[i - 1])) {
          throw new IllegalArgumentException(
              "heading offsets must be ascending and within the page: " + headings.get(i));
        }
      }
      return starts;
    }

    /** Returns the remaining chunks and ends the session. */
    public List<Chunk> finish() {
      if (finished) {
        throw new IllegalStateException("the session is already finished");
      }
      List<Chunk> chunks = drain(true);
      finished = true;
      previous = List.of();
      text.discardBefore(Integer.MAX_VALUE);
      log.debug("Chunked {} pages into {} chunks", lastPage, nextIndex);
      return chunks;
    }

    /** Characters of document text held right now; for tests of the memory bound. */
    int retainedChars() {
      return text.retained();
    }

    /** Emits every chunk whose end is already known; all of them when {@code last}. */
    private List<Chunk> drain(boolean last) {
      List<Chunk> chunks = new ArrayList<>();
      while (!pending.isEmpty()) {
        // A section's first chunk repeats nothing of the section before.
        boolean sectionStart = pending.get(0).before() == Boundary.HEADING;
        Overlap lead = sectionStart ? Overlap.NONE : overlap;
        int fit = fittingUnits(lead.tokens());
        if (fit == 0) {
          // The next unit is too big to follow the usual overlap: shrink the overlap.
          lead =
              sectionStart
                  ? Overlap.NONE
                  : overlapFrom(previous, settings.chunkSize() - pending.get(0).tokens());
          // Still 0 only for a lone character counted over the chunk size: emit it alone.
          fit = Math.max(1, fittingUnits(lead.tokens()));
        }
        if (fit == pending.size() && !last) {
          break; // the next page may still add to this chunk
        }
        int cut = fit == pending.size() ? fit : chooseCut(lead.tokens(), fit);
        chunks.add(emit(lead, cut));
      }
      return chunks;
    }

    /** How many pending units fit in a chunk after {@code leadTokens} of overlap. */
    private int fittingUnits(int leadTokens) {
      int tokens = leadTokens;
      int fit = 0;
      while (fit < pending.size() && tokens + pending.get(fit).tokens() <= settings.chunkSize()) {
        tokens += pending.get(fit).tokens();
        fit++;
      }
      return fit;
    }

    /**
     * Where to end a chunk that could take {@code fit} units (the unit at {@code fit} exists and
     * does not fit): before the last unit that follows the strongest boundary, as long as the new
     * text fills at least half the room the overlap leaves.
     */
    private int chooseCut(int leadTokens, int fit) {
      int[] filled = new int[fit + 1];
      for (int j = 0; j < fit; j++) {
        filled[j + 1] = filled[j] + pending.get(j).tokens();
      }
      int minFill = (settings.chunkSize() - leadTokens + 1) / 2;
      for (Boundary wanted :
          List.of(Boundary.HEADING, Boundary.PARAGRAPH, Boundary.SENTENCE, Boundary.WORD)) {
        for (int j = fit; j >= 1 && filled[j] >= minFill; j--) {
          if (pending.get(j).before().atLeast(wanted)) {
            return j;
          }
        }
      }
      return fit;
    }

    /**
     * Emits the overlap plus the first {@code cut} pending units. Unit counts only add up to an
     * estimate of the chunk's count (a tokenizer may count a join differently), so the chunk is
     * counted as a whole and shortened in the rare case it is over.
     */
    private Chunk emit(Overlap lead, int cut) {
      while (true) {
        int start = lead.isEmpty() ? pending.get(0).start() : lead.start();
        int end = pending.get(cut - 1).end();
        String chunkText = text.substring(start, end);
        int rawTokens = budget.rawCount(chunkText);
        int tokens = TokenBudget.cost(chunkText.length(), rawTokens);
        if (tokens > settings.chunkSize()) {
          if (cut > 1) {
            cut--;
            continue;
          }
          if (!lead.isEmpty()) {
            lead = Overlap.NONE;
            continue;
          }
          log.warn("Chunk {} has {} tokens, over the chunk size", nextIndex, tokens);
        }
        int pageStart = lead.isEmpty() ? pending.get(0).page() : lead.page();
        List<Unit> taken = pending.subList(0, cut);
        Chunk chunk =
            new Chunk(
                nextIndex++,
                chunkText,
                pageStart,
                pending.get(cut - 1).page(),
                start,
                end,
                rawTokens < 0 ? tokens : rawTokens,
                sectionOf(taken).path());
        List<Unit> units = new ArrayList<>(lead.units());
        units.addAll(taken);
        taken.clear();
        previous = units;
        overlap = overlapFrom(previous, settings.chunkOverlap());
        return chunk;
      }
    }

    /**
     * The trailing whole units of {@code units} that total at most {@code budget} tokens, or if not
     * even the last one fits, the trailing words of the last one, unless it is a table row.
     */
    private Overlap overlapFrom(List<Unit> units, int budget) {
      int from = trailingUnits(units, budget);
      if (from < units.size() || units.isEmpty() || budget <= 0) {
        int tokens = units.subList(from, units.size()).stream().mapToInt(Unit::tokens).sum();
        return new Overlap(List.copyOf(units.subList(from, units.size())), tokens);
      }
      Unit last = units.get(units.size() - 1);
      return last.row() ? Overlap.NONE : trailingWords(last, budget);
    }

    private Overlap trailingWords(Unit unit, int budget) {
      String unitText = text.substring(unit.start(), unit.end());
      List<Unit> taken = new ArrayList<>();
      int tokens = 0;
      int end = unitText.length();
      while (end > 0) {
        int start = end;
        while (start > 0 && !Segmenter.isSpace(unitText.charAt(start - 1))) {
          start--;
        }
        if (start == 0) {
          break; // the unit's first word is the unit's start; that would repeat it whole
        }
        int wordTokens = tokenizer.countTokens(unitText.substring(start, end));
        if (tokens + wordTokens > budget) {
          break;
        }
        tokens += wordTokens;
        taken.add(
            0,
            new Unit(
                unit.start() + start, unit.start() + end, unit.page(), wordTokens, Boundary.WORD));
        end = start;
        while (end > 0 && Segmenter.isSpace(unitText.charAt(end - 1))) {
          end--;
        }
      }
      return new Overlap(taken, tokens);
    }

    /** Where the oldest text still needed starts: the overlap source or the first pending unit. */
    private int oldestNeededOffset() {
      if (!previous.isEmpty()) {
        return previous.get(0).start();
      }
      return pending.isEmpty() ? Integer.MAX_VALUE : pending.get(0).start();
    }
  }

  /**
   * The headings open over all of {@code units}, or if they share none, those open where they
   * start.
   */
  static Section sectionOf(List<Unit> units) {
    Section first = units.get(0).section();
    Section common = first;
    for (Unit unit : units) {
      common = common.commonPrefix(unit.section());
    }
    return common.isEmpty() ? first : common;
  }

  /**
   * Where the longest run of trailing units with at most {@code budget} tokens starts, or {@code
   * units.size()} if there is none. Never at the first unit, so that each chunk starts later than
   * the one before, and never inside a hard-split word.
   */
  static int trailingUnits(List<Unit> units, int budget) {
    int from = units.size();
    int sum = 0;
    for (int i = units.size() - 1; i > 0 && sum + units.get(i).tokens() <= budget; i--) {
      sum += units.get(i).tokens();
      if (units.get(i).before() != Boundary.NONE) {
        from = i;
      }
    }
    return from;
  }

  /** Text repeated from the end of the previous chunk. */
  private record Overlap(List<Unit> units, int tokens) {
    static final Overlap NONE = new Overlap(List.of(), 0);

    boolean isEmpty() {
      return units.isEmpty();
    }

    int start() {
      return units.get(0).start();
    }

    int page() {
      return units.get(0).page();
    }
  }
}
