package dev.intake.pipeline.chunk;

/**
 * How the chunker counts tokens: the tokenizer's count, with two bounds the tokenizer alone does
 * not give. The tokenizer is never handed a text longer than {@link #maxChars()} ({@value
 * #MAX_CHARS_PER_TOKEN} characters per token of the chunk size): such a text cannot fit in a chunk
 * anyway, and a 45 MB line once made the native tokenizer panic and take its JVM down. And a text
 * counts as at least one token per {@value #MAX_CHARS_PER_TOKEN} characters, so that no chunk grows
 * past {@link #maxChars()} characters either; a WordPiece tokenizer would otherwise count a word of
 * any length above 100 characters as one unknown token. Ordinary text, at 3 to 6 characters a
 * token, is counted exactly as the tokenizer counts it.
 */
final class TokenBudget implements Tokenizer {

  static final int MAX_CHARS_PER_TOKEN = 100;

  private final Tokenizer tokenizer;
  private final int maxChars;

  TokenBudget(Tokenizer tokenizer, int maxTokens) {
    this.tokenizer = tokenizer;
    this.maxChars = maxTokens * MAX_CHARS_PER_TOKEN;
  }

  /** The longest text handed to the tokenizer, and the longest a chunk can be. */
  int maxChars() {
    return maxChars;
  }

  /** Whether {@code length} characters are too many for a chunk, whatever their tokens. */
  boolean tooLong(int length) {
    return length > maxChars;
  }

  /** The chunker's count: the tokenizer's, but at least one per {@value #MAX_CHARS_PER_TOKEN}. */
  @Override
  public int countTokens(String text) {
    return cost(text.length(), rawCount(text));
  }

  /** The tokenizer's own count, or -1 for a text too long to be handed to it. */
  int rawCount(String text) {
    return tooLong(text.length()) ? -1 : tokenizer.countTokens(text);
  }

  /** The chunker's count of {@code length} characters that the tokenizer counts as {@code raw}. */
  static int cost(int length, int raw) {
    return Math.max(raw, (length + MAX_CHARS_PER_TOKEN - 1) / MAX_CHARS_PER_TOKEN);
  }
}
