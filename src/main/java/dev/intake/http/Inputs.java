package dev.intake.http;

import io.javalin.http.Context;

/** Parsing of query and form values, each failure a 400 that names the field. */
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
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw ApiException.badRequest(name + " must be true or false");
    };
  }

  private static int bounded(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw ApiException.badRequest(name + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number");
    }
  }
}
