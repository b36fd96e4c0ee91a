package dev.intake.pipeline.parse;

import java.util.List;

/**
 * Receives a document's text one page at a time, pages 1..N in order. A sink may throw (for example
 * to cancel a job); {@link DocumentParser} stops and lets that exception through as it is.
 */
@FunctionalInterface
public interface PageSink {

  /**
   * One page of cleaned text.
   *
   * @param pageNumber 1-based page number
   * @param totalPages the document's page count, the same for every call
   * @param text the page's text; empty for a page without text
   */
  void page(int pageNumber, int totalPages, String text);

  /**
   * One page of cleaned text with the headings that start sections on it, in text order (offsets
   * never decrease). This is the method {@link DocumentParser} calls; by default it drops the
   * headings and calls {@link #page(int, int, String)}.
   *
   * @param headings where sections start on this page, offsets into {@code text}; often empty
   */
  default void page(int pageNumber, int totalPages, String text, List<Heading> headings) {
    page(pageNumber, totalPages, text);
  }

  /**
   * OCR of a page begins (it may take seconds); the page's text follows in {@link #page}, unless
   * its OCR fails.
   */
  default void ocrPage(int pageNumber, int totalPages) {}

  /**
   * OCR begun by {@link #ocrPage} ended before the page's text: the pictures inside a document are
   * read by OCR in the middle of its parse, {@code ocrPage} numbering the pictures, and the parse
   * goes on after each.
   */
  default void ocrDone() {}
}
