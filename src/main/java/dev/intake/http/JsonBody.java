package dev.intake.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's JSON object body: read within a size limit, parsed with bounded nesting, and read
 * field by field with strict types. Every failure is an {@link ApiException}: 415 for another
 * content type, 413 past the size limit, 400 for anything malformed, naming the field and the value
 * received ({@code top_k must be a whole number from 1 to 100, was "abc"}).
 */
public final class JsonBody {
  /** The largest body read, in bytes: far above any real request of this API. */
  static final int MAX_BYTES = 1024 * 1024;

  /** The deepest nesting accepted; the API's bodies are two levels deep. */
  static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxNumberLength(64)
                          .maxStringLength(MAX_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** The body, which must be a JSON object. */
  public static JsonBody read(Context ctx) {
    JsonBody body = readIfPresent(ctx);
    if (body == null) {
      throw ApiException.badRequest("The request needs a JSON object body");
    }
    return body;
  }

  /** The body, or null when the request has none (no bytes). */
  static JsonBody readIfPresent(Context ctx) {
    String type = ctx.header("Content-Type");
    long length = ctx.req().getContentLengthLong();
    if (type == null && length == 0) {
      return null;
    }
    if (!isJson(type)) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "The body must be JSON, sent with Content-Type: application/json"
              + (type == null ? "" : " (was " + Inputs.shown(type) + ")"));
    }
    if (length > MAX_BYTES) {
      throw tooLarge();
    }
    byte[] bytes = readBounded(ctx);
    if (bytes.length == 0) {
      return null;
    }
    return new JsonBody(parse(bytes));
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return base.equals("application/json");
  }

  private static byte[] readBounded(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.badRequest("The request body could not be read to its end");
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413, "request_too_large", "The JSON body is larger than " + MAX_BYTES / 1024 + " KB");
  }

  private static ObjectNode parse(byte[] bytes) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(bytes); // (not through a parser of ours: trailing tokens are checked)
    } catch (StreamConstraintsException e) {
      throw ApiException.badRequest(
          "The body is not acceptable JSON: it is nested deeper than "
              + MAX_DEPTH
              + " levels or holds an overlong number");
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw ApiException.badRequest("The body is not valid JSON" + where + ": " + reason(e));
    } catch (IOException e) {
      throw ApiException.badRequest("The body is not valid JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      throw ApiException.badRequest("The request needs a JSON object body");
    }
    if (!tree.isObject()) {
      throw ApiException.badRequest(
          "The body must be a JSON object, was "
              + tree.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return (ObjectNode) tree;
  }

  /**
   * What is wrong, in words: a syntax error's own description (it names the character), a fixed
   * phrase for the rest (Jackson's other messages name its classes and settings).
   */
  private static String reason(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "it ends before the value is complete";
    }
    if (e instanceof MismatchedInputException) {
      return "there is more after the JSON value";
    }
    String m = e.getOriginalMessage();
    if (!(e instanceof JsonParseException) || m == null) {
      return "it is malformed";
    }
    int nl = m.indexOf('\n');
    return Inputs.shown(nl < 0 ? m : m.substring(0, nl), 160);
  }

  /** A string field; null when absent or null. */
  public String string(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(field + " must be a string, was " + shown(v));
    }
    return v.textValue();
  }

  /** A whole number from {@code min} to {@code max}; null when absent or null. */
  Integer integer(String field, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    boolean whole = v.isIntegralNumber() || (v.isNumber() && v.canConvertToExactIntegral());
    if (!whole
        || v.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
        || v.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
      throw ApiException.badRequest(
          field + " must be a whole number from " + min + " to " + max + ", was " + shown(v));
    }
    return v.intValue();
  }

  /** {@code true} or {@code false}; {@code fallback} when absent or null. */
  boolean bool(String field, boolean fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw ApiException.badRequest(field + " must be true or false, was " + shown(v));
    }
    return v.booleanValue();
  }

  /** A list of at most {@code maxItems} strings; empty when absent or null. */
  List<String> strings(String field, int maxItems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.badRequest(field + " must be a list of strings, was " + shown(v));
    }
    if (v.size() > maxItems) {
      throw ApiException.badRequest(
          field + " has " + v.size() + " entries; at most " + maxItems + " are allowed");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        throw ApiException.badRequest(field + "[" + i + "] must be a string, was " + shown(item));
      }
      out.add(item.textValue());
    }
    return out;
  }

  /** A value as JSON, shortened: what the client sent, in words the message can carry. */
  private static String shown(JsonNode v) {
    return Inputs.shown(v.toString(), 60);
  }
}
