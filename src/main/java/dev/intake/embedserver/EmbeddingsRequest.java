package dev.intake.embedserver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code POST /v1/embeddings} request of the OpenAI protocol, read strictly: {@code model} (a
 * string), {@code input} (a string or a list of strings), {@code encoding_format} ({@code float},
 * the default, or {@code base64}), {@code dimensions} (only the model's own) and {@code user}
 * (ignored). Token arrays, which OpenAI also takes, are refused: this server would have to share
 * the client's tokenizer to read them. Every problem is a {@link BadRequest} naming the parameter.
 */
record EmbeddingsRequest(String model, List<String> input, boolean base64) {

  /** The most texts in one request (OpenAI's limit). */
  static final int MAX_INPUTS = 2048;

  /** The longest text, in characters; a chunk of Intake's is far shorter. */
  static final int MAX_CHARACTERS = 100_000;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxNumberLength(32)
                          .maxStringLength(4 * MAX_CHARACTERS)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A request this server cannot answer, with the parameter at fault (may be null). */
  static final class BadRequest extends RuntimeException {
    final String param;

    BadRequest(String param, String message) {
      super(message, null, false, false);
      this.param = param;
    }
  }

  static EmbeddingsRequest parse(byte[] body, int dimensions) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest(null, "The body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest(null, "The body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest(null, "The body must be a JSON object");
    }
    JsonNode model = root.path("model");
    if (!model.isTextual() || model.textValue().isBlank()) {
      throw new BadRequest("model", "'model' is required and must be a string");
    }
    String format = text(root, "encoding_format", "float");
    if (!format.equals("float") && !format.equals("base64")) {
      throw new BadRequest(
          "encoding_format", "'encoding_format' must be float or base64, was '" + format + "'");
    }
    JsonNode dims = root.path("dimensions");
    if (!dims.isMissingNode()
        && !dims.isNull()
        && (!dims.isInt() || dims.intValue() != dimensions)) {
      throw new BadRequest(
          "dimensions", "This model makes " + dimensions + "-dimensional vectors only");
    }
    return new EmbeddingsRequest(
        model.textValue(), inputs(root.path("input")), format.equals("base64"));
  }

  private static List<String> inputs(JsonNode input) {
    if (input.isTextual()) {
      return List.of(checked(input.textValue(), "'input'"));
    }
    if (!input.isArray() || input.isEmpty()) {
      throw new BadRequest("input", "'input' must be a string or a non-empty list of strings");
    }
    if (input.size() > MAX_INPUTS) {
      throw new BadRequest(
          "input",
          "'input' holds " + input.size() + " texts; at most " + MAX_INPUTS + " are taken");
    }
    List<String> texts = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      if (!item.isTextual()) {
        throw new BadRequest(
            "input",
            "'input[" + i + "]' must be a string (token arrays are not taken by this server)");
      }
      texts.add(checked(item.textValue(), "'input[" + i + "]'"));
    }
    return texts;
  }

  private static String checked(String text, String where) {
    if (text.isEmpty()) {
      throw new BadRequest("input", where + " is empty");
    }
    if (text.length() > MAX_CHARACTERS) {
      throw new BadRequest("input", where + " is longer than " + MAX_CHARACTERS + " characters");
    }
    return text;
  }

  private static String text(JsonNode root, String field, String fallback) {
    JsonNode v = root.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new BadRequest(field, "'" + field + "' must be a string");
    }
    return v.textValue();
  }
}
