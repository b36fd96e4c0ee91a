package dev.intake.sandbox;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.chunk.Chunker;
import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.pipeline.parse.Heading;
import dev.intake.pipeline.parse.PageSink;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a parser child does with one request: parses the document page by page, chunks each page as
 * it comes and sends the chunks on at once, so neither the document's text nor its chunks pile up
 * in the child. Enforces the per-document bounds before text goes further: at most {@code
 * maxCharacters} characters of text and {@code maxChunks} chunks.
 *
 * <p>Every failure the parent should pass on to the job goes out as a FAILED frame; only a failure
 * to write to the parent (it is gone) escapes, as {@link UncheckedIOException}.
 */
final class ParseAndChunk {
  private static final Logger log = LoggerFactory.getLogger(ParseAndChunk.class);

  private final DocumentParser parser;
  private final Chunker chunker;
  private final Bounds bounds;

  /** The per-document limits. */
  record Bounds(int maxCharacters, int maxChunks) {}

  ParseAndChunk(DocumentParser parser, Chunker chunker, Bounds bounds) {
    this.parser = parser;
    this.chunker = chunker;
    this.bounds = bounds;
  }

  void run(ParseRequest request, ChildOutput out) {
    try {
      ParseSummary summary = parseAndChunk(request, out);
      send(() -> out.done(summary));
    } catch (UncheckedIOException parentGone) {
      throw parentGone;
    } catch (IngestException e) {
      send(() -> out.failed(e.isPermanent(), e.code(), e.getMessage()));
    } catch (StackOverflowError e) {
      send(
          () ->
              out.failed(
                  true,
                  "too_deep",
                  "The document is nested too deeply to process (the parser's stack overflowed)"));
    } catch (RuntimeException | LinkageError | AssertionError e) {
      log.warn("the parser failed unexpectedly on {}", request.filename(), e);
      send(
          () ->
              out.failed(
                  false,
                  "parser_error",
                  "The parser failed unexpectedly (" + e.getClass().getSimpleName() + ")"));
    }
  }

  private ParseSummary parseAndChunk(ParseRequest request, ChildOutput out) {
    Chunker.Session session = chunker.open(request.chunking());
    long[] characters = {0};
    int[] chunks = {0};
    ParseSummary summary =
        parser.parse(
            request.file(),
            request.filename(),
            new PageSink() {
              @Override
              public void page(int page, int total, String text) {
                page(page, total, text, List.of());
              }

              @Override
              public void page(int page, int total, String text, List<Heading> headings) {
                characters[0] += text.length();
                if (characters[0] > bounds.maxCharacters()) {
                  throw tooManyCharacters(bounds.maxCharacters());
                }
                chunks[0] = sendChunks(session.addPage(page, text, headings), chunks[0], out);
                send(() -> out.page(page, total));
              }

              @Override
              public void ocrPage(int page, int total) {
                send(() -> out.ocrPage(page, total));
              }

              @Override
              public void ocrDone() {
                send(out::ocrDone);
              }
            });
    sendChunks(session.finish(), chunks[0], out);
    return summary;
  }

  private int sendChunks(List<Chunk> chunks, int sentBefore, ChildOutput out) {
    int sent = sentBefore + chunks.size();
    if (sent > bounds.maxChunks()) {
      throw IngestException.permanent(
          "too_many_chunks",
          String.format(
              Locale.ROOT,
              "The document would make more than %,d chunks (INTAKE_MAX_CHUNKS)",
              bounds.maxChunks()));
    }
    for (Chunk c : chunks) {
      send(() -> out.chunk(c));
    }
    return sent;
  }

  /** The same words as the cap on documents without pages (see the parser). */
  static IngestException tooManyCharacters(int maxCharacters) {
    return IngestException.permanent(
        "too_large",
        String.format(
            Locale.ROOT,
            "The document has more than %,d characters of text, the most Intake reads",
            maxCharacters));
  }

  private interface Write {
    void run() throws IOException;
  }

  private static void send(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
