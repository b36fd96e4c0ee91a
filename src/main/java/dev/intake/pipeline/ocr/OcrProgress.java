package dev.intake.pipeline.ocr;

/** Hears when the OCR of a page begins, which may take seconds: the job's progress says so. */
@FunctionalInterface
public interface OcrProgress {

  /** OCR of page {@code page} of {@code totalPages} begins. */
  void starting(int page, int totalPages);
}
