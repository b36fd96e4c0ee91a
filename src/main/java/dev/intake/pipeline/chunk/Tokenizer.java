package dev.intake.pipeline.chunk;

/** Counts tokens the way the embedding model will see them. Implementations are thread-safe. */
public interface Tokenizer {

  /** Tokens of {@code text}, without the model's special tokens ([CLS], [SEP]). */
  int countTokens(String text);
}
