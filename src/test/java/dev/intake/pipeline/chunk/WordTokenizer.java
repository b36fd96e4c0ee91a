package dev.intake.pipeline.chunk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic stand-in for a subword tokenizer: each white-space separated word is one token
 * per started 8 characters, so "cat" is 1 token and a 20-character word is 3. Counts how many
 * characters it was asked to tokenize, to catch repeated re-tokenisation.
 */
final class WordTokenizer implements Tokenizer {

  private final AtomicLong charsCounted = new AtomicLong();

  @Override
  public int countTokens(String text) {
    charsCounted.addAndGet(text.length());
    int tokens = 0;
    for (String word : text.strip().split("\\s+")) {
      tokens += (word.length() + 7) / 8;
    }
    return tokens;
  }

  long charsCounted() {
    return charsCounted.get();
  }
}
