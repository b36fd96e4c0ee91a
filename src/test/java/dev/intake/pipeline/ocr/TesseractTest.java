package dev.intake.pipeline.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.intake.pipeline.IngestException;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tesseract process per page: what its faults (not installed, missing language data, a hang, a
 * crash, an error) become, and that nothing of a killed run stays behind. The faults are played by
 * {@link FakeTesseract}; the languages check and a real page by the installed Tesseract.
 */
class TesseractTest {
  static final Duration LIMIT = Duration.ofSeconds(2);

  @TempDir Path dir;

  static GrayImage aPage() {
    return new GrayImage(
        PageImages.page(
            List.of("A harbour pilot boards every ship."), BufferedImage.TYPE_BYTE_GRAY),
        300);
  }

  private static IngestException failure(Tesseract t) {
    IngestException e =
        catchThrowableOfType(IngestException.class, () -> t.recognize(aPage(), 3, LIMIT, LIMIT));
    assertThat(e).as("a failure").isNotNull();
    assertThat(e.isPermanent()).isTrue();
    return e;
  }

  @Test
  void aTesseractThatHangsIsKilledAtThePageLimitAndTheMessageSaysSo() throws IOException {
    FakeTesseract fake = FakeTesseract.write(dir, FakeTesseract.Behaviour.HANG);
    IngestException e = failure(new Tesseract(fake.program().toString(), "eng"));
    assertThat(e.code()).isEqualTo("ocr_timeout");
    assertThat(e.getMessage())
        .isEqualTo("OCR of page 3 stopped after 2 s (INTAKE_OCR_PAGE_TIMEOUT)");
    assertThat(fake.lastPid()).as("the fake ran").isPresent();
    await().atMost(Duration.ofSeconds(10)).until(() -> !fake.lastIsAlive());
  }

  @Test
  void aTesseractThatCrashesFailsThePageWithTheSignal() throws IOException {
    FakeTesseract fake = FakeTesseract.write(dir, FakeTesseract.Behaviour.CRASH);
    IngestException e = failure(new Tesseract(fake.program().toString(), "eng"));
    assertThat(e.code()).isEqualTo("ocr_crashed");
    assertThat(e.getMessage()).isEqualTo("Tesseract crashed on page 3 (signal 11)");
  }

  @Test
  void aTesseractThatFailsFailsThePageWithItsExitCode() throws IOException {
    FakeTesseract fake = FakeTesseract.write(dir, FakeTesseract.Behaviour.FAIL);
    IngestException e = failure(new Tesseract(fake.program().toString(), "eng"));
    assertThat(e.code()).isEqualTo("ocr_failed");
    assertThat(e.getMessage()).isEqualTo("Tesseract could not read page 3 (exit code 1)");
  }

  @Test
  void aMissingProgramSaysHowToInstallIt() {
    Tesseract missing = new Tesseract(dir.resolve("no-such-tesseract").toString(), "eng");
    assertThat(missing.problem())
        .isEqualTo("Tesseract is not installed (install the tesseract-ocr package)");
    IngestException e = failure(missing);
    assertThat(e.code()).isEqualTo("ocr_unavailable");
    assertThat(e.getMessage()).contains("install the tesseract-ocr package");
  }

  @Test
  void aFakeThatListsEnglishIsUsable() throws IOException {
    FakeTesseract fake = FakeTesseract.write(dir, FakeTesseract.Behaviour.HANG);
    assertThat(new Tesseract(fake.program().toString(), "eng").problem()).isNull();
    assertThat(new Tesseract(fake.program().toString(), "eng+deu+chi_sim").problem())
        .isEqualTo(
            "Tesseract has no language data for deu, chi_sim (INTAKE_OCR_LANGUAGES): install"
                + " tesseract-ocr-deu, tesseract-ocr-chi-sim");
  }

  @Test
  void theInstalledTesseractReadsAPageAndKnowsItsLanguages() {
    TesseractGate.require();
    Tesseract real = new Tesseract(Tesseract.PROGRAM, "eng");
    assertThat(real.problem()).isNull();
    assertThat(new Tesseract(Tesseract.PROGRAM, "eng+xyz").problem())
        .startsWith("Tesseract has no language data for xyz");
    assertThat(real.recognize(aPage(), 1, Duration.ofSeconds(60), Duration.ofSeconds(60)).strip())
        .isEqualTo("A harbour pilot boards every ship.");
  }
}
