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
 * @param maxPages the most pages of one document OCR reads ({@code INTAKE_OCR_MAX_PAGES}): a
 *     document with more to read fails, rather than holding a worker for hours page by page
 */
public record OcrSettings(OcrMode mode, String languages, Duration pageTimeout, int maxPages) {

  /** A thousand pages: a long scanned book, some 50 minutes of OCR at 3 s a page. */
  public static final int DEFAULT_MAX_PAGES = 1000;

  /** A Tesseract model name: {@code eng}, {@code chi_sim}, {@code script/Latin}. */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_]+(/[A-Za-z0-9_]+)?");

  public static final OcrSettings DEFAULT =
      new OcrSettings(OcrMode.AUTO, "eng", Duration.ofSeconds(120), DEFAULT_MAX_PAGES);

  public OcrSettings {
    Objects.requireNonNull(mode, "mode");
    if (languages == null || !validLanguages(languages)) {
      throw new IllegalArgumentException("invalid OCR languages: " + languages);
    }
    if (pageTimeout.isNegative() || pageTimeout.isZero()) {
      throw new IllegalArgumentException("the OCR page timeout must be positive: " + pageTimeout);
    }
    if (maxPages < 1) {
      throw new IllegalArgumentException("the OCR page limit must be positive: " + maxPages);
    }
  }

  /** Settings with the default page limit. */
  public OcrSettings(OcrMode mode, String languages, Duration pageTimeout) {
    this(mode, languages, pageTimeout, DEFAULT_MAX_PAGES);
  }

  /** The same settings in another mode. */
  public OcrSettings withMode(OcrMode other) {
    return new OcrSettings(other, languages, pageTimeout, maxPages);
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
