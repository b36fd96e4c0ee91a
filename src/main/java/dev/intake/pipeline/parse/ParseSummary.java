package dev.intake.pipeline.parse;

/**
 * What {@link DocumentParser#parse} read.
 *
 * @param contentType the detected media type, such as {@code application/pdf}
 * @param pages pages handed to the sink; a PDF's page count, 1 for formats without pages
 * @param characters characters of cleaned text over all pages
 */
public record ParseSummary(String contentType, int pages, long characters) {}
