package dev.intake.pipeline.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How large page images may get, whatever size a page or an image declares. */
class PixelBudgetTest {
  static final PixelBudget BUDGET = new PixelBudget(40_000_000, 128L << 20);

  @Test
  void aLetterPageIsRenderedAt300Dpi() {
    assertThat(BUDGET.dpiFor(612, 792)).isEqualTo(300);
  }

  @Test
  void aPosterIsRenderedAtTheResolutionThatFitsTheBudget() {
    // A0: 33.1 × 46.8 inches; 40 megapixels over 1,549 square inches is 160 dpi.
    int dpi = BUDGET.dpiFor(2384, 3370);
    assertThat(dpi).isEqualTo(160);
    double pixels = (2384 / 72.0 * dpi) * (3370 / 72.0 * dpi);
    assertThat(pixels).isLessThanOrEqualTo(40_000_000);
  }

  @Test
  void theLargestPageAPdfMayDeclareIsStillRendered() {
    // 14,400 units, 200 inches, is the limit of the PDF specification without UserUnit.
    assertThat(BUDGET.dpiFor(14_400, 14_400)).isEqualTo(PixelBudget.MIN_DPI + 1);
  }

  @Test
  void anAbsurdPageIsTooLargeToRead() {
    assertThat(BUDGET.dpiFor(7_200_000, 7_200_000)).isZero();
    assertThat(BUDGET.dpiFor(Float.MAX_VALUE, Float.MAX_VALUE)).isZero();
  }

  @Test
  void aPageWithoutSizeIsNotRendered() {
    assertThat(BUDGET.dpiFor(0, 792)).isZero();
    assertThat(BUDGET.dpiFor(-612, 792)).isZero();
    assertThat(BUDGET.dpiFor(Double.NaN, 792)).isZero();
  }

  @Test
  void aSmallImageIsReadWhole() {
    assertThat(BUDGET.subsampling(2550, 3300, 3)).isEqualTo(1);
  }

  @Test
  void aBigImageIsSubsampledToFitPixelsAndBytes() {
    // 12,000 × 9,000 gray: 108 megapixels, every second pixel of every second row is 27.
    assertThat(BUDGET.subsampling(12_000, 9_000, 1)).isEqualTo(2);
    // The same in 16-bit RGBA, 8 bytes a pixel: 128 MB hold 16.7 megapixels, so every third.
    assertThat(BUDGET.subsampling(12_000, 9_000, 8)).isEqualTo(3);
  }

  @Test
  void theBudgetFollowsTheHeap() {
    assertThat(PixelBudget.forHeap(512L << 20).maxPixels()).isEqualTo(40_000_000);
    assertThat(PixelBudget.forHeap(256L << 20).maxPixels()).isEqualTo((256L << 20) / 12);
    assertThat(PixelBudget.forHeap(16L << 20).maxPixels()).isEqualTo(4_000_000);
  }
}
