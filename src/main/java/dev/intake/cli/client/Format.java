package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Small pure formatting helpers for the tables: durations, ages, snippets, missing values. */
public final class Format {
  private Format() {}

  /** {@code 0.4s}, {@code 12.3s}, {@code 2m 05s}, {@code 1h 02m}, {@code 3d 04h}. */
  public static String duration(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return "-";
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = (long) Math.floor(seconds);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd %02dh", s / 86400, s % 86400 / 3600);
  }

  /** How long ago {@code then} was, coarsely: {@code 3s ago}, {@code 5m ago}, {@code 2h ago}. */
  public static String ago(Instant then, Instant now) {
    if (then == null) {
      return "-";
    }
    long s = Math.max(0, Duration.between(then, now).getSeconds());
    if (s < 60) {
      return s + "s ago";
    }
    if (s < 3600) {
      return s / 60 + "m ago";
    }
    if (s < 86400) {
      return s / 3600 + "h ago";
    }
    return s / 86400 + "d ago";
  }

  /** A timestamp field as an Instant, or null if missing or unparseable. */
  public static Instant instant(JsonNode field) {
    if (field == null || !field.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(field.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A text field, or "-" when it is missing, null or empty. */
  public static String text(JsonNode field) {
    if (field == null || field.isNull() || field.isMissingNode() || field.asText().isEmpty()) {
      return "-";
    }
    return field.asText();
  }

  /** The text on one line, whitespace collapsed, cut to {@code max} characters with an ellipsis. */
  public static String snippet(String text, int max) {
    String flat = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    if (flat.codePointCount(0, flat.length()) <= max) {
      return flat;
    }
    int end = flat.offsetByCodePoints(0, max - 1);
    return flat.substring(0, end).stripTrailing() + "…";
  }

  /** {@code 3} for a single page, {@code 3-5} for a range. */
  public static String pages(int start, int end) {
    return start == end || end <= 0 ? Integer.toString(start) : start + "-" + end;
  }
}
