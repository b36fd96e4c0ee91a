package dev.intake.pipeline.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded pseudo-documents with the shapes chunking must handle. */
final class RandomText {

  private static final String[] WORDS = {
    "a",
    "of",
    "the",
    "data",
    "model",
    "river",
    "contract",
    "liability",
    "photosynthesis",
    "e.g.",
    "U.S.",
    "3.14",
    "(see",
    "appendix)",
    "\"quoted\"",
    "naïve",
    "café",
    "x",
    "ingestion",
    "retrieval-augmented",
    "www.example.com/path?q=1"
  };

  private RandomText() {}

  /** A page of at least 80 words in paragraphs of sentences, with line wraps inside paragraphs. */
  static String page(Random random) {
    StringBuilder page = new StringBuilder();
    int words = 0;
    while (words < 80) {
      if (!page.isEmpty()) {
        page.append(random.nextBoolean() ? "\n\n" : "\n \n");
      }
      int sentences = 1 + random.nextInt(6);
      for (int s = 0; s < sentences; s++) {
        int length = 1 + random.nextInt(25);
        appendSentence(random, page, length);
        words += length;
        page.append(random.nextInt(8) == 0 ? "\n" : " ");
      }
    }
    return page.toString();
  }

  /** Pages including blank ones, overlong sentences and overlong words. */
  static List<String> pages(Random random, int count) {
    List<String> pages = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        pages.add(random.nextBoolean() ? "" : "  \n ");
      } else if (kind == 1) {
        StringBuilder page = new StringBuilder("Intro line. ");
        appendSentence(random, page, 80 + random.nextInt(200));
        pages.add(page.append(" Outro.").toString());
      } else if (kind == 2) {
        String word = "abcdefghij".repeat(10 + random.nextInt(200));
        pages.add("Before the blob " + word + " after the blob.\n\n" + page(random));
      } else {
        pages.add(page(random));
      }
    }
    return pages;
  }

  private static void appendSentence(Random random, StringBuilder text, int words) {
    for (int w = 0; w < words; w++) {
      String word = WORDS[random.nextInt(WORDS.length)];
      text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
      if (w < words - 1) {
        text.append(' ');
      }
    }
    text.append(".!?".charAt(random.nextInt(3)));
  }
}
