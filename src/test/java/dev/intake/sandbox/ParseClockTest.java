package dev.intake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parent's time limits for one document: OCR pages are timed on their own. */
class ParseClockTest {
  static final long S = 1_000_000_000L;
  static final Duration PARSE = Duration.ofSeconds(300);
  static final Duration PAGE = Duration.ofSeconds(120);

  @Test
  void withoutOcrTheParseLimitRunsFromTheStart() {
    ParseClock clock = new ParseClock(PARSE, PAGE, 1_000 * S);
    clock.frameArrived(1_010 * S);
    assertThat(clock.deadline()).isEqualTo(1_300 * S);
    assertThat(clock.overrun().getMessage())
        .isEqualTo("Parsing stopped after 300 s (INTAKE_PARSE_TIMEOUT)");
  }

  @Test
  void anOcrPageHasItsOwnLimitWithGraceForTheChildToReportIt() {
    ParseClock clock = new ParseClock(PARSE, PAGE, 0);
    clock.ocrPageStarted(3, 250 * S);
    assertThat(clock.ocrPage()).isEqualTo(3);
    assertThat(clock.deadline()).isEqualTo((250 + 120 + ParseClock.OCR_GRACE.toSeconds()) * S);
    assertThat(clock.overrun().getMessage())
        .isEqualTo("OCR of page 3 stopped after 120 s (INTAKE_OCR_PAGE_TIMEOUT)");
    assertThat(clock.overrun().code()).isEqualTo("ocr_timeout");
    assertThat(clock.overrun().isPermanent()).isTrue();
  }

  @Test
  void theTimeOfOcrPagesDoesNotCountAgainstTheParseLimit() {
    ParseClock clock = new ParseClock(PARSE, PAGE, 0);
    clock.ocrPageStarted(1, 10 * S);
    clock.ocrPageStarted(2, 100 * S); // page 1 took 90 s
    clock.frameArrived(200 * S); // page 2 took 100 s
    assertThat(clock.ocrPage()).isZero();
    assertThat(clock.deadline()).isEqualTo((300 + 90 + 100) * S);
    clock.frameArrived(250 * S); // a page with a text layer: nothing changes
    assertThat(clock.deadline()).isEqualTo(490 * S);
  }
}
