package dev.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The OpenAPI description of the HTTP API ({@code openapi/intake-openapi.json} on the class path),
 * read once. {@link #operations()} lists what it declares, e.g. {@code "GET
 * /api/v1/jobs/{job_id}"}, so tests can hold it against API.md and the server's routes.
 */
public final class OpenApiDocument {
  static final String RESOURCE = "/openapi/intake-openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final byte[] json;
  private final Set<String> operations;

  private OpenApiDocument(byte[] json, Set<String> operations) {
    this.json = json;
    this.operations = operations;
  }

  /** Read on first use only (the JVM runs a holder class's initializer once). */
  private static final class Holder {
    static final OpenApiDocument INSTANCE = read();
  }

  /** The document; the resource is read and parsed on the first call only. */
  public static OpenApiDocument load() {
    return Holder.INSTANCE;
  }

  /** The document as served: UTF-8 JSON. A copy, so callers cannot change it. */
  public byte[] json() {
    return json.clone();
  }

  /** Every operation, as {@code "METHOD /path"} with the path as written in the document. */
  public Set<String> operations() {
    return operations;
  }

  private static OpenApiDocument read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + RESOURCE);
      }
      byte[] bytes = in.readAllBytes();
      return new OpenApiDocument(bytes, operationsOf(new ObjectMapper().readTree(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static Set<String> operationsOf(JsonNode root) {
    SortedSet<String> ops = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (METHODS.contains(key)) {
                  ops.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    return Collections.unmodifiableSortedSet(ops);
  }
}
