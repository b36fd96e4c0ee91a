package dev.intake.pipeline.ocr;

import java.util.Locale;

/** When text is read from pictures of pages ({@code INTAKE_OCR}). */
public enum OcrMode {
  /**
   * Image files, and PDF pages that draw an image but have (almost) no text layer: fewer than
   * {@link Ocr#TEXT_LAYER_MIN_CHARACTERS} characters other than white space. The default.
   */
  AUTO,
  /** Never: image files fail, and PDF pages without a text layer stay empty. */
  OFF,
  /** Image files, and every PDF page, whose text layer is then ignored (it may be garbled). */
  ALWAYS;

  /** The mode named {@code auto}, {@code off} or {@code always} (any case); null for others. */
  public static OcrMode named(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "off" -> OFF;
      case "always" -> ALWAYS;
      default -> null;
    };
  }

  /** The setting's value for this mode: {@code auto}, {@code off}, {@code always}. */
  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
