package dev.intake.job;

import java.util.Locale;

/** The pipeline stage of a processing job, in the order they run. */
public enum Stage {
  PARSING,
  CHUNKING,
  EMBEDDING,
  INDEXING;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Stage fromWire(String value) {
    return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
  }
}
