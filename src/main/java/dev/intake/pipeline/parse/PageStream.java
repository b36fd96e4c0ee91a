package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sits between an extractor and the caller's {@link PageSink}: cleans each page's text, keeps the
 * counts the summary and the no-text check need, and stops the work when the thread is interrupted.
 * It remembers what the caller's sink threw, so that an extractor can tell the caller's exception
 * from a parsing failure and let it through unchanged. It keeps the document's first {@value
 * TextLanguage#SAMPLE_CHARS} characters, from which its language is told when the file does not
 * declare one.
 */
final class PageStream {

  private final PageSink sink;
  private int pages;
  private int pagesWithImages;
  private long characters;
  private long nonWhitespace;
  private Throwable sinkFailure;
  private int ocrPagesRead;
  private String ocrNotRead;
  private DocumentInfo info = DocumentInfo.NONE;
  private final StringBuilder sample = new StringBuilder();

  PageStream(PageSink sink) {
    this.sink = sink;
  }

  /**
   * Hands the next page to the sink; pages must come 1..total in order.
   *
   * @param hasImages whether the page draws an image, which explains a page without text
   */
  void page(int pageNumber, int totalPages, CharSequence rawText, boolean hasImages) {
    page(pageNumber, totalPages, rawText, hasImages, List.of());
  }

  /**
   * Hands the next page to the sink with the headings that start sections on it.
   *
   * @param headings in text order, each {@link Heading#offset()} an index into {@code rawText}
   *     (offsets never decrease, none past the text's end); cleaning the text moves each to the
   *     first character at or after it that the cleaned text keeps
   */
  void page(
      int pageNumber,
      int totalPages,
      CharSequence rawText,
      boolean hasImages,
      List<Heading> headings) {
    if (pageNumber != pages + 1 || pageNumber > totalPages) {
      // An Error, so that no extractor's catch of parser failures can pass this bug off as a
      // damaged file.
      throw new AssertionError("page " + pageNumber + " of " + totalPages + " out of order");
    }
    checkInterrupted();
    int[] offsets = rawOffsets(headings, rawText.length());
    String text = TextCleaner.clean(rawText, offsets);
    List<Heading> moved = new ArrayList<>(headings.size());
    for (int i = 0; i < offsets.length; i++) {
      Heading h = headings.get(i);
      moved.add(new Heading(h.level(), h.title(), offsets[i]));
    }
    pages = pageNumber;
    pagesWithImages += hasImages ? 1 : 0;
    characters += text.length();
    nonWhitespace += TextCleaner.countNonWhitespace(text);
    keepSample(text);
    try {
      sink.page(pageNumber, totalPages, text, List.copyOf(moved));
    } catch (Throwable t) {
      sinkFailure = t;
      throw t;
    }
  }

  private void keepSample(String text) {
    int room = TextLanguage.SAMPLE_CHARS - sample.length();
    if (room <= 0 || text.isEmpty()) {
      return;
    }
    if (!sample.isEmpty()) {
      sample.append('\n');
      room--;
    }
    sample.append(text, 0, Math.min(room, text.length()));
  }

  /** The first characters of the document's text, pages joined by line breaks. */
  CharSequence textSample() {
    return sample;
  }

  private static int[] rawOffsets(List<Heading> headings, int textLength) {
    int[] offsets = new int[headings.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = headings.get(i).offset();
      if (offsets[i] > textLength || (i > 0 && offsets[i] < offsets[i - 1])) {
        throw new AssertionError("heading offsets out of order or past the text: " + headings);
      }
    }
    return offsets;
  }

  /** What the document says about itself; the summary carries it. Later calls replace it. */
  void documentInfo(DocumentInfo info) {
    this.info = Objects.requireNonNull(info, "info");
  }

  DocumentInfo documentInfo() {
    return info;
  }

  /** OCR of a page begins; tells the sink, so that the job can say so. */
  void ocrStarting(int pageNumber, int totalPages) {
    checkInterrupted();
    try {
      sink.ocrPage(pageNumber, totalPages);
    } catch (Throwable t) {
      sinkFailure = t;
      throw t;
    }
  }

  /** OCR of a picture inside the document ended, and its parse goes on; tells the sink. */
  void ocrDone() {
    checkInterrupted();
    try {
      sink.ocrDone();
    } catch (Throwable t) {
      sinkFailure = t;
      throw t;
    }
  }

  /**
   * What OCR did: {@code pagesRead} pages read, and why a page that needed it was not read (see
   * {@code PdfOcr#notReadReason}), or null.
   */
  void ocrOutcome(int pagesRead, String notRead) {
    ocrPagesRead = pagesRead;
    ocrNotRead = notRead;
  }

  int ocrPagesRead() {
    return ocrPagesRead;
  }

  String ocrNotRead() {
    return ocrNotRead;
  }

  /** True if {@code t} is what the caller's sink threw. */
  boolean thrownBySink(Throwable t) {
    return t != null && t == sinkFailure;
  }

  int pages() {
    return pages;
  }

  int pagesWithImages() {
    return pagesWithImages;
  }

  long characters() {
    return characters;
  }

  boolean hasText() {
    return nonWhitespace > 0;
  }

  /** Throws the transient {@code interrupted} failure if a timeout or shutdown asked us to stop. */
  static void checkInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(null);
    }
  }

  static IngestException interrupted(Throwable cause) {
    return IngestException.transientFailure("interrupted", "Parsing was interrupted", cause);
  }

  /**
   * Rethrows {@code t} as it is, even a checked exception a sink threw past the compiler; the
   * return type only lets callers write {@code throw rethrow(t)}.
   */
  static RuntimeException rethrow(Throwable t) {
    return PageStream.<RuntimeException>sneakyThrow(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
