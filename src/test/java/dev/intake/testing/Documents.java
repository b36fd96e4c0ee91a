package dev.intake.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Generated test documents: deterministic, readable English-like text. */
public final class Documents {
  private static final String[] WORDS = {
    "queue",
    "worker",
    "document",
    "lease",
    "retry",
    "vector",
    "search",
    "index",
    "page",
    "chunk",
    "embedding",
    "model",
    "database",
    "progress",
    "batch",
    "priority",
    "failure",
    "recovery",
    "process",
    "signal",
    "storage",
    "token",
    "sentence",
    "paragraph",
    "river",
    "mountain",
    "library",
    "harbour",
    "garden",
    "engine",
    "signal",
    "window",
    "letter",
    "market",
    "winter",
    "summer"
  };

  private Documents() {}

  /** About {@code paragraphs} × 60 words of text, different for each seed. */
  public static String text(long seed, int paragraphs) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    for (int p = 0; p < paragraphs; p++) {
      for (int s = 0; s < 5; s++) {
        int n = 8 + r.nextInt(8);
        for (int w = 0; w < n; w++) {
          String word = WORDS[r.nextInt(WORDS.length)];
          b.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
          b.append(w == n - 1 ? ". " : " ");
        }
      }
      b.append("Marker ").append(seed).append('-').append(p).append(".\n\n");
    }
    return b.toString();
  }

  public static byte[] textBytes(long seed, int paragraphs) {
    return text(seed, paragraphs).getBytes(StandardCharsets.UTF_8);
  }
}
