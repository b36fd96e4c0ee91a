package dev.intake.pipeline.ocr;

/**
 * How big a page image may get, so that no page, whatever size it declares, takes the parser's heap
 * (or Tesseract's memory) with it. PDF pages are rendered at {@link #DPI}, lower when a page is so
 * large that it would exceed {@link #maxPixels()}; image files are read subsampled to fit, and
 * refused when they declare more than {@link #MAX_DECLARED_PIXELS}.
 *
 * @param maxPixels the most pixels of one page image
 * @param maxDecodedBytes the most bytes an image file's page may take while being decoded
 */
record PixelBudget(long maxPixels, long maxDecodedBytes) {

  /**
   * The resolution pages are rendered at: what Tesseract reads best (its models are tuned on it).
   */
  static final int DPI = 300;

  /**
   * Below this resolution a page's text is too small for Tesseract: such a page is too large to
   * read. Every page size a PDF may have without UserUnit (at most 200 × 200 inches) stays above.
   */
  static final int MIN_DPI = 30;

  /**
   * An image file that declares more pixels than this is refused before it is decoded: a
   * decompression bomb declares billions. 250 megapixels is an A3 page scanned at 1,200 dpi.
   */
  static final long MAX_DECLARED_PIXELS = 250_000_000L;

  /**
   * The budget for this JVM's heap: a twelfth of it in pixels (rendering may hold an 8-bit gray
   * page, a full-colour copy of a transparency group and PDFBox's images at once), at least 4 and
   * at most 40 megapixels (an A2 page at 300 dpi); a quarter of it for decoding an image.
   */
  static PixelBudget forHeap(long maxHeapBytes) {
    long pixels = Math.max(4_000_000L, Math.min(40_000_000L, maxHeapBytes / 12));
    return new PixelBudget(pixels, Math.max(16L << 20, maxHeapBytes / 4));
  }

  static PixelBudget forThisJvm() {
    return forHeap(Runtime.getRuntime().maxMemory());
  }

  /**
   * The resolution to render a page of {@code widthPt} × {@code heightPt} points at: {@link #DPI},
   * or less so that it fits the budget; below {@link #MIN_DPI} (too large to read), 0.
   */
  int dpiFor(double widthPt, double heightPt) {
    double squareInches = (widthPt / 72.0) * (heightPt / 72.0);
    if (!(squareInches > 0) || Double.isInfinite(squareInches)) {
      return 0;
    }
    double fit = Math.sqrt(maxPixels / squareInches);
    int dpi = (int) Math.floor(Math.min(DPI, fit));
    return dpi < MIN_DPI ? 0 : dpi;
  }

  /**
   * The smallest subsampling step (every n-th pixel of every n-th row) that makes a {@code width} ×
   * {@code height} image of {@code bytesPerPixel} fit the budget.
   */
  int subsampling(int width, int height, int bytesPerPixel) {
    long most = Math.min(maxPixels, maxDecodedBytes / Math.max(1, bytesPerPixel));
    int step = 1;
    while (ceilDiv(width, step) * ceilDiv(height, step) > most) {
      step++;
    }
    return step;
  }

  private static long ceilDiv(int a, int b) {
    return (a + (long) b - 1) / b;
  }
}
