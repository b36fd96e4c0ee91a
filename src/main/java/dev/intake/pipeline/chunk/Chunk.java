package dev.intake.pipeline.chunk;

/**
 * One piece of a document, sized for the embedding model.
 *
 * @param index ordinal within the document, 0..n-1
 * @param text the chunk text
 * @param pageStart first page (1-based) the chunk's text comes from
 * @param pageEnd last page (1-based) the chunk's text comes from
 * @param charStart offset of the first character in the document text (pages joined by "\n\n")
 * @param charEnd offset one past the last character in the document text
 * @param tokenCount tokens of the text under the embedding model's tokenizer (no special tokens)
 * @param section the headings the chunk falls under, joined by " &gt; " (such as "2 Installation
 *     &gt; 2.1 Requirements"), or null when it falls under none; see {@link Chunker}
 */
public record Chunk(
    int index,
    String text,
    int pageStart,
    int pageEnd,
    int charStart,
    int charEnd,
    int tokenCount,
    String section) {

  /** A chunk under no heading. */
  public Chunk(
      int index, String text, int pageStart, int pageEnd, int charStart, int charEnd, int tokens) {
    this(index, text, pageStart, pageEnd, charStart, charEnd, tokens, null);
  }
}
