package dev.intake.store.jdbc;

import java.util.HashMap;
import java.util.Map;

/** Values for the {@code :name} parameters of one statement. */
public final class Params {
  private final Map<String, Object> values = new HashMap<>();

  public static Params of(Object... pairs) {
    Params p = new Params();
    for (int i = 0; i < pairs.length; i += 2) {
      p.values.put((String) pairs[i], pairs[i + 1]);
    }
    return p;
  }

  public Params with(String name, Object value) {
    values.put(name, value);
    return this;
  }

  Object value(String queryName, String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("query " + queryName + " needs parameter :" + name);
    }
    return values.get(name);
  }
}
