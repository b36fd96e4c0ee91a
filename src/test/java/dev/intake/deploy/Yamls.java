package dev.intake.deploy;

import java.util.List;
import java.util.Map;

/** Typed steps into parsed YAML, failing with the path that was missing. */
final class Yamls {
  private Yamls() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    if (!(o instanceof Map<?, ?>)) {
      throw new AssertionError("expected a mapping, got " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?>)) {
      throw new AssertionError("expected a list, got " + o);
    }
    return (List<Object>) o;
  }

  /** The value at {@code path} below {@code root}, or null where a step is missing. */
  static Object at(Map<String, Object> root, String... path) {
    Object o = root;
    for (String step : path) {
      if (!(o instanceof Map<?, ?> m)) {
        return null;
      }
      o = m.get(step);
    }
    return o;
  }

  static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
    Object o = at(root, path);
    if (o == null) {
      throw new AssertionError("missing " + String.join(".", path) + " in " + root);
    }
    return map(o);
  }

  static String string(Map<String, Object> root, String... path) {
    Object o = at(root, path);
    return o == null ? null : String.valueOf(o);
  }
}
