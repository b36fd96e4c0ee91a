package dev.intake.pipeline.ocr;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How OCR runs.
 *
 * @param mode when pages are read by OCR ({@code INTAKE_OCR})
 * @param languages Tesseract's language models, joined by {@code +}: {@code eng}, {@code eng+deu}
 *     ({@code INTAKE_OCR_LANGUAGES})
 * @param pageTimeout the longest the OCR of one page may take, rendering included ({@code
 *     INTAKE_OCR_PAGE_TIMEOUT})
 */
public record OcrSettings(OcrMode mode, String languages, Duration pageTimeout) {

  /** A Tesseract model name: {@code eng}, {@code chi_sim}, {@code script/Latin}. */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_]+(/[A-Za-z0-9_]+)?");

  public static final OcrSettings DEFAULT =
      new OcrSettings(OcrMode.AUTO, "eng", Duration.ofSeconds(120));

  public OcrSettings {
    Objects.requireNonNull(mode, "mode");
    if (languages == null || !validLanguages(languages)) {
      throw new IllegalArgumentException("invalid OCR languages: " + languages);
    }
    if (pageTimeout.isNegative() || pageTimeout.isZero()) {
      throw new IllegalArgumentException("the OCR page timeout must be positive: " + pageTimeout);
    }
  }

  /** The same settings in another mode. */
  public OcrSettings withMode(OcrMode other) {
    return new OcrSettings(other, languages, pageTimeout);
  }

  /** The language models one by one. */
  public List<String> languageList() {
    return List.of(languages.split("\\+"));
  }

  /** Whether {@code languages} names one or more models joined by {@code +}. */
  public static boolean validLanguages(String languages) {
    return !languages.isEmpty()
        && !languages.startsWith("+")
        && !languages.endsWith("+")
        && Arrays.stream(languages.split("\\+")).allMatch(l -> LANGUAGE.matcher(l).matches());
  }
}
