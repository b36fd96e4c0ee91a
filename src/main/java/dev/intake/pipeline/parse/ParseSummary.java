package dev.intake.pipeline.parse;

import java.util.Objects;

/**
 * What {@link DocumentParser#parse} read.
 *
 * @param contentType the detected media type, such as {@code application/pdf}
 * @param pages pages handed to the sink; a PDF's page count, 1 for formats without pages
 * @param characters characters of cleaned text over all pages
 * @param info what the document says about itself (title, author, language, created)
 */
public record ParseSummary(String contentType, int pages, long characters, DocumentInfo info) {

  public ParseSummary {
    Objects.requireNonNull(info, "info");
  }

  /** A summary of a document that says nothing about itself. */
  public ParseSummary(String contentType, int pages, long characters) {
    this(contentType, pages, characters, DocumentInfo.NONE);
  }
}
