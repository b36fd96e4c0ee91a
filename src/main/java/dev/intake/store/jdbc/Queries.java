package dev.intake.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named queries of one SQL dialect, read from {@code .sql} resources beside the stores: a
 * dialect's own file ({@code sql/<dialect>/<name>.sql}) wins over the shared one ({@code
 * sql/common/<name>.sql}). Each file is read and parsed once.
 */
public final class Queries {
  private static final String ROOT = "/dev/intake/store/sql/";

  private final String dialect;
  private final Map<String, NamedQuery> cache = new ConcurrentHashMap<>();

  public Queries(String dialect) {
    this.dialect = dialect;
  }

  public NamedQuery get(String name) {
    return cache.computeIfAbsent(name, this::load);
  }

  private NamedQuery load(String name) {
    String text = read(ROOT + dialect + "/" + name + ".sql");
    if (text == null) {
      text = read(ROOT + "common/" + name + ".sql");
    }
    if (text == null) {
      throw new IllegalStateException("no SQL resource named " + name + " for " + dialect);
    }
    return NamedQuery.parse(name, text);
  }

  private static String read(String resource) {
    try (InputStream in = Queries.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
