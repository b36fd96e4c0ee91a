package dev.intake.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values from a map of variables (the environment, with flags laid over it), collecting
 * every problem instead of stopping at the first or silently fixing a value.
 */
final class Settings {
  private final Map<String, String> vars;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> names = new TreeSet<>();

  Settings(Map<String, String> vars) {
    this.vars = vars;
  }

  String string(String name, String fallback) {
    names.add(name);
    String v = vars.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** Whether the variable is set to something other than blanks. */
  boolean given(String name) {
    return string(name, null) != null;
  }

  int integer(String name, int fallback, int min, int max) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        problems.add(name + " must be between " + min + " and " + max + " (got " + v + ")");
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number (got '" + v + "')");
      return fallback;
    }
  }

  /** A duration given in (possibly fractional) seconds. */
  Duration seconds(String name, Duration fallback, double min) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      double s = Double.parseDouble(v);
      if (s < min || Double.isNaN(s) || Double.isInfinite(s)) {
        problems.add(name + " must be a number of seconds >= " + min + " (got " + v + ")");
        return fallback;
      }
      return Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException e) {
      problems.add(name + " must be a number of seconds (got '" + v + "')");
      return fallback;
    }
  }

  boolean bool(String name, boolean fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase()) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> {
        problems.add(name + " must be true or false (got '" + v + "')");
        yield fallback;
      }
    };
  }

  /** One of {@code allowed} (any case), returned as {@code allowed} spells it. */
  String choice(String name, String fallback, String... allowed) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    problems.add(name + " must be one of " + String.join(", ", allowed) + " (got '" + v + "')");
    return fallback;
  }

  List<Path> paths(String name) {
    String v = string(name, null);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .toList();
  }

  /** A comma-separated list of non-empty, trimmed values; empty when unset. */
  List<String> list(String name) {
    String v = string(name, null);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** Every variable read so far. */
  Set<String> names() {
    return Collections.unmodifiableSet(names);
  }

  List<String> problems() {
    return problems;
  }
}
