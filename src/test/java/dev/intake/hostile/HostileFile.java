package dev.intake.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One generated hostile file, what it attacks, and how its job may end: failed with a message a
 * person can read and that names the problem, or (where the file is merely big) completed within
 * the chunk limit.
 *
 * @param name the file name it is uploaded under
 * @param file where it was written
 * @param attack what it does to a parser, for reports
 * @param mayComplete whether completing (within bounds) is an acceptable end
 */
public record HostileFile(String name, Path file, String attack, boolean mayComplete) {

  /** Words that say what went wrong with a file, one of which a failure's message must contain. */
  static final Pattern NAMES_THE_PROBLEM =
      Pattern.compile(
          "(?i)memory|stopped after|timed? ?out|time limit|crashed|chunks|not a text file"
              + "|unsupported file type|characters|damaged|corrupt|too (large|big|many|deep)"
              + "|nest|entit|limit|no extractable text|encrypted|could not be read"
              + "|not installed|is off|crashed");

  /** What a stack trace, an exception's class name or a Java package looks like. */
  private static final Pattern CODE_TALK =
      Pattern.compile(
          "\\bat [\\w$.]+\\(|\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*"
              + "|\\w+(Exception|Error)\\b|NullPointer|\\bnull\\b");

  private static final int MOST_READABLE_CHARACTERS = 400;

  /**
   * Why {@code job} (the job's JSON from the API, finished) is not an acceptable end for this file,
   * or null if it is.
   */
  public String problemWith(JsonNode job, int maxChunks) {
    String status = job.path("status").asText();
    if (status.equals("failed")) {
      return unreadable(job.path("error_message").asText(""));
    }
    if (status.equals("completed") && mayComplete) {
      int chunks = job.path("result").path("chunk_count").asInt(-1);
      return chunks > 0 && chunks <= maxChunks
          ? null
          : "completed with " + chunks + " chunks, outside 1.." + maxChunks;
    }
    return "ended " + status + (mayComplete ? "" : ", expected to fail") + ": " + job;
  }

  /** Why {@code message} is not one a person can act on, or null if it is. */
  static String unreadable(String message) {
    if (message.isBlank()) {
      return "failed without a message";
    }
    if (message.length() > MOST_READABLE_CHARACTERS || message.contains("\n")) {
      return "failed with a message too long to read: " + message;
    }
    if (CODE_TALK.matcher(message).find()) {
      return "failed with a programmer's message (stack, class or package names): " + message;
    }
    if (!NAMES_THE_PROBLEM.matcher(message).find()) {
      return "failed with a message that does not say what is wrong: " + message;
    }
    return null;
  }

  @Override
  public String toString() {
    return name + " (" + attack + ")";
  }
}
