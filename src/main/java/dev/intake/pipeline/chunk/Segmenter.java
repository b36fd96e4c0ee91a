package dev.intake.pipeline.chunk;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits one page into units no longer than the chunk size: sentences, or the words of a sentence
 * that is too long, or pieces of a single word that is too long. Each unit is counted once, so
 * chunking costs a constant number of tokenizer passes over the text.
 *
 * <p>The rules are plain character rules rather than {@link java.text.BreakIterator}, whose results
 * may change with the JDK's Unicode data: a worker that resumes a job after an upgrade must cut the
 * document exactly as before.
 */
final class Segmenter {

  private static final Logger log = LoggerFactory.getLogger(Segmenter.class);

  /**
   * A sentence too long for any chunk is cut, at white space where it can be, into pieces of about
   * this many characters per token of the chunk size (about a chunk of English) before it is
   * counted, so that a huge line costs a tokenizer pass per piece, not per word.
   */
  private static final int LONG_SENTENCE_PIECE_CHARS_PER_TOKEN = 4;

  private final TokenBudget tokenizer;
  private final int maxTokens;

  Segmenter(Tokenizer tokenizer, int maxTokens) {
    this.tokenizer =
        tokenizer instanceof TokenBudget budget ? budget : new TokenBudget(tokenizer, maxTokens);
    this.maxTokens = maxTokens;
  }

  /**
   * Units of {@code page}, whose first character is at document offset {@code offset}. A page
   * starts a new paragraph, so the first unit always follows a {@link Boundary#PARAGRAPH}.
   */
  List<Unit> split(String page, int offset, int pageNumber) {
    return split(page, offset, pageNumber, new int[0]);
  }

  /**
   * The same, with sections starting at {@code headings} (offsets into {@code page}, ascending): no
   * unit spans one, and the unit after one follows a {@link Boundary#HEADING}. A table row (a line
   * whose cells are parted by a tab or " | ") is one unit when it fits in a chunk.
   */
  List<Unit> split(String page, int offset, int pageNumber, int[] headings) {
    List<Unit> units = new ArrayList<>();
    Placement at = new Placement(offset, pageNumber);
    Boundary before = Boundary.PARAGRAPH;
    int nextHeading = 0;
    int i = 0;
    while (true) {
      int start = skipSpace(page, i);
      if (start == page.length()) {
        return units;
      }
      if (i > 0 && isParagraphBreak(page, i, start)) {
        before = Boundary.PARAGRAPH;
      }
      while (nextHeading < headings.length && headings[nextHeading] <= start) {
        before = Boundary.HEADING;
        nextHeading++;
      }
      int limit = nextHeading < headings.length ? headings[nextHeading] : page.length();
      if (isRow(page, start)) {
        int end = trimEnd(page, start, Math.min(limit, lineEnd(page, start)));
        addRow(page, start, end, before, at, units);
        i = end;
      } else {
        int end = sentenceEnd(page, start, limit);
        addSentence(page, start, end, before, at, units);
        i = end;
      }
      before = Boundary.SENTENCE;
    }
  }

  /** A table row as one unit if it fits in a chunk, else cut as a sentence would be. */
  private void addRow(
      String page, int start, int end, Boundary before, Placement at, List<Unit> units) {
    if (!tokenizer.tooLong(end - start)) {
      int tokens = tokenizer.countTokens(page.substring(start, end));
      if (tokens <= maxTokens) {
        units.add(at.row(start, end, tokens, before));
        return;
      }
    }
    addSentence(page, start, end, before, at, units);
  }

  /**
   * Whether the line holding {@code start}, which is its first character that is not white space,
   * is a table row: its cells are parted by a tab or by " | " (how spreadsheets' rows are written).
   */
  static boolean isRow(String text, int start) {
    int lineStart = start;
    while (lineStart > 0 && text.charAt(lineStart - 1) != '\n') {
      lineStart--;
      if (!isSpace(text.charAt(lineStart))) {
        return false; // start is not where the line's text begins
      }
    }
    int end = lineEnd(text, start);
    for (int j = start; j < end; j++) {
      char c = text.charAt(j);
      if (c == '\t'
          || (c == '|'
              && j > start
              && text.charAt(j - 1) == ' '
              && j + 1 < end
              && text.charAt(j + 1) == ' ')) {
        return true;
      }
    }
    return false;
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  private static int trimEnd(String text, int start, int end) {
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private record Placement(int offset, int page) {
    Unit unit(int start, int end, int tokens, Boundary before) {
      return new Unit(offset + start, offset + end, page, tokens, before);
    }

    Unit row(int start, int end, int tokens, Boundary before) {
      return new Unit(offset + start, offset + end, page, tokens, before, true, Section.NONE);
    }
  }

  private void addSentence(
      String page, int start, int end, Boundary before, Placement at, List<Unit> units) {
    if (tokenizer.tooLong(end - start)) {
      addLongSentence(page, start, end, before, at, units);
      return;
    }
    int tokens = tokenizer.countTokens(page.substring(start, end));
    if (tokens <= maxTokens) {
      units.add(at.unit(start, end, tokens, before));
      return;
    }
    Boundary wordBefore = before;
    for (int i = skipSpace(page, start); i < end; i = skipSpace(page, i)) {
      int wordEnd = i;
      while (wordEnd < end && !isSpace(page.charAt(wordEnd))) {
        wordEnd++;
      }
      int wordTokens =
          tokenizer.tooLong(wordEnd - i)
              ? maxTokens + 1
              : tokenizer.countTokens(page.substring(i, wordEnd));
      if (wordTokens <= maxTokens) {
        units.add(at.unit(i, wordEnd, wordTokens, wordBefore));
      } else {
        addWordPieces(page, i, wordEnd, wordBefore, at, units);
      }
      wordBefore = Boundary.WORD;
      i = wordEnd;
    }
  }

  /**
   * Cuts a sentence longer than any chunk into pieces that end at white space where there is any
   * within a piece's length, and adds each piece as a sentence would be added; pieces after the
   * first follow a {@link Boundary#WORD}.
   */
  private void addLongSentence(
      String page, int start, int end, Boundary before, Placement at, List<Unit> units) {
    int pieceChars = maxTokens * LONG_SENTENCE_PIECE_CHARS_PER_TOKEN;
    Boundary pieceBefore = before;
    int pos = start;
    while (pos < end) {
      int cut = Math.min(end, pos + pieceChars);
      boolean insideWord = false;
      if (cut < end) {
        int space = cut;
        while (space > pos && !isSpace(page.charAt(space))) {
          space--;
        }
        insideWord = space == pos;
        cut = insideWord ? codePointBoundary(page, pos, cut) : space;
      }
      int pieceEnd = cut;
      while (pieceEnd > pos && isSpace(page.charAt(pieceEnd - 1))) {
        pieceEnd--;
      }
      addSentence(page, pos, pieceEnd, pieceBefore, at, units);
      // A piece cut inside a word is followed by the rest of that word, not by a word break.
      pieceBefore = insideWord ? Boundary.NONE : Boundary.WORD;
      pos = skipSpace(page, cut);
    }
  }

  /** Hard-splits one word into the longest prefixes that fit, found by galloping search. */
  private void addWordPieces(
      String page, int start, int end, Boundary before, Placement at, List<Unit> units) {
    int pos = start;
    while (pos < end) {
      int okEnd = pos;
      int okTokens = 0;
      int badEnd = -1;
      // A piece of more than maxChars characters never fits: probe no further than one past it.
      int limit = (int) Math.min(end, (long) pos + tokenizer.maxChars() + 1);
      for (long step = maxTokens; ; step *= 2) {
        int probe = codePointBoundary(page, pos, (int) Math.min(limit, pos + step));
        int tokens = tokenizer.countTokens(page.substring(pos, probe));
        if (tokens > maxTokens) {
          badEnd = probe;
          break;
        }
        okEnd = probe;
        okTokens = tokens;
        if (probe >= limit || pos + step >= limit) {
          break;
        }
      }
      while (badEnd > 0) {
        int mid = codePointBoundary(page, pos, okEnd + (badEnd - okEnd) / 2);
        if (mid <= okEnd || mid >= badEnd) {
          break;
        }
        int tokens = tokenizer.countTokens(page.substring(pos, mid));
        if (tokens <= maxTokens) {
          okEnd = mid;
          okTokens = tokens;
        } else {
          badEnd = mid;
        }
      }
      if (okEnd == pos) {
        // Not even one character fits; no tokenizer we ship does this, so keep going rather
        // than loop forever, and say so.
        okEnd = pos + Character.charCount(page.codePointAt(pos));
        okTokens = tokenizer.countTokens(page.substring(pos, okEnd));
        log.warn("A single character counts as {} tokens, over the chunk size", okTokens);
      }
      units.add(at.unit(pos, okEnd, okTokens, pos == start ? before : Boundary.NONE));
      pos = okEnd;
    }
  }

  /** Moves {@code index} off the middle of a surrogate pair: back, unless that reaches min. */
  private static int codePointBoundary(String text, int min, int index) {
    if (index < text.length() && Character.isLowSurrogate(text.charAt(index))) {
      return index - 1 > min ? index - 1 : index + 1;
    }
    return index;
  }

  /**
   * End (exclusive, before any trailing space) of the sentence starting at {@code start}: after
   * terminal punctuation followed by space and a character that is not a lower-case letter (so
   * "e.g. this" stays whole), after CJK terminal punctuation, before a paragraph break or a table
   * row, or at {@code limit} (where a section starts), trailing space left out.
   */
  private static int sentenceEnd(String text, int start, int limit) {
    int n = limit;
    int i = start;
    while (i < n) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        int next = skipSpace(text, i);
        if (next >= n || isParagraphBreak(text, i, next) || (next < n && isRow(text, next))) {
          return i;
        }
        i = next;
      } else if (isTerminal(c)) {
        boolean cjk = isCjkTerminal(c);
        int end = i + 1;
        while (end < n && (isTerminal(text.charAt(end)) || isCloser(text.charAt(end)))) {
          cjk |= isCjkTerminal(text.charAt(end));
          end++;
        }
        if (end == n || cjk) {
          return end;
        }
        if (isSpace(text.charAt(end))) {
          int next = skipSpace(text, end);
          if (next >= n || !Character.isLowerCase(text.codePointAt(next))) {
            return end;
          }
        }
        i = end;
      } else {
        i++;
      }
    }
    return n;
  }

  static boolean isSpace(char c) {
    // isSpaceChar adds no-break spaces, which BERT's tokenizer also treats as white space.
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && isSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Whether the white space in {@code [from, to)} holds a blank line or a paragraph mark. */
  private static boolean isParagraphBreak(String text, int from, int to) {
    int lineBreaks = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\f' || c == '\u2029') {
        return true;
      }
      boolean crlf = c == '\r' && i + 1 < to && text.charAt(i + 1) == '\n';
      if ((c == '\n' || c == '\r' || c == '\u2028' || c == '\u000B') && !crlf) {
        lineBreaks++;
      }
    }
    return lineBreaks >= 2;
  }

  private static boolean isTerminal(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\u2026' || c == '\u203D' || isCjkTerminal(c);
  }

  private static boolean isCjkTerminal(char c) {
    return c == '\u3002' || c == '\uFF01' || c == '\uFF1F';
  }

  private static boolean isCloser(char c) {
    return c == ')'
        || c == ']'
        || c == '}'
        || c == '"'
        || c == '\''
        || c == '\u201D'
        || c == '\u2019'
        || c == '\u00BB'
        || c == '\u300D'
        || c == '\u300F';
  }
}
