package dev.intake.pipeline.ocr;

/** Receives the pages of an image file as OCR reads them, 1..N in order. */
public interface OcrPageSink extends OcrProgress {

  /** The text OCR read on page {@code page}; empty when it found none. */
  void page(int page, int totalPages, String text);
}
