package dev.intake.http;

import io.javalin.http.Context;
import java.util.Locale;

/** Parsing of query and form values, each failure a 400 that names the field and the value. */
final class Inputs {
  private Inputs() {}

  static int intQuery(Context ctx, String name, int fallback, int min, int max) {
    return bounded(name, ctx.queryParam(name), fallback, min, max);
  }

  static Integer optionalInt(String name, String value, int min, int max) {
    return value == null || value.isBlank() ? null : bounded(name, value, 0, min, max);
  }

  static boolean bool(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw ApiException.badRequest(name + " must be true or false, was " + quoted(value));
    };
  }

  private static int bounded(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      n = Long.MIN_VALUE; // not a whole number, or too long to be one in range
    }
    if (n < min || n > max) {
      throw ApiException.badRequest(
          name + " must be a whole number from " + min + " to " + max + ", was " + quoted(value));
    }
    return (int) n;
  }

  /** A client's value for a message: quoted, control characters shown as '?', at most 60. */
  static String quoted(String value) {
    return "\"" + shown(value, 60) + "\"";
  }

  static String shown(String value) {
    return shown(value, 60);
  }

  /** At most {@code max} characters of a client's value, control characters shown as '?'. */
  static String shown(String value, int max) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(value.length(), max);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never half a pair
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (value.length() > max) {
      out.append('…');
    }
    return out.toString();
  }
}
