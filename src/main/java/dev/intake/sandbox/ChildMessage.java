package dev.intake.sandbox;

import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.parse.DocumentInfo;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.DataInputStream;
import java.io.IOException;

/** What the parent reads from a child: one frame of {@link Frames}, or the end of the stream. */
sealed interface ChildMessage {

  /**
   * The child has loaded its parsers and tokenizer and waits for a request.
   *
   * @param ocrProblem why it cannot OCR (Tesseract missing, say), or null if it can
   */
  record Ready(String ocrProblem) implements ChildMessage {}

  /** A page was read and its chunks were sent. */
  record Page(int page, int totalPages) implements ChildMessage {}

  /** OCR of a page began. */
  record OcrPage(int page, int totalPages) implements ChildMessage {}

  /** OCR of a picture inside a document ended; the document's parse goes on. */
  record OcrDone() implements ChildMessage {}

  record ChunkOut(Chunk chunk) implements ChildMessage {}

  /** The request ended well. */
  record Done(ParseSummary summary) implements ChildMessage {}

  /** The request ended with a failure the child could describe; the child is still good. */
  record Failed(boolean permanent, String code, String message) implements ChildMessage {}

  /** The child's stdout ended or could not be read: the child is gone or broken. */
  record Ended(String why) implements ChildMessage {}

  /** A section path is at most 10 headings of 300 characters; more means a corrupt stream. */
  int MAX_SECTION_CHARS = 4_000;

  /** Reads the next frame. */
  static ChildMessage read(DataInputStream in) throws IOException {
    int type = Frames.readType(in);
    return switch (type) {
      case -1 -> new Ended("end of stream");
      case Frames.READY -> {
        boolean ocrWorks = in.readBoolean();
        String why = Frames.readString(in);
        yield new Ready(ocrWorks ? null : why);
      }
      case Frames.PAGE -> new Page(in.readInt(), in.readInt());
      case Frames.OCR_PAGE -> new OcrPage(in.readInt(), in.readInt());
      case Frames.OCR_DONE -> new OcrDone();
      case Frames.CHUNK -> {
        int index = in.readInt();
        int pageStart = in.readInt();
        int pageEnd = in.readInt();
        int charStart = in.readInt();
        int charEnd = in.readInt();
        int tokens = in.readInt();
        String text = Frames.readString(in);
        String section = Frames.readNullableString(in);
        if (section != null && section.length() > MAX_SECTION_CHARS) {
          throw new IOException("corrupt frame: a section of " + section.length() + " characters");
        }
        yield new ChunkOut(
            new Chunk(index, text, pageStart, pageEnd, charStart, charEnd, tokens, section));
      }
      case Frames.DONE -> {
        String contentType = Frames.readString(in);
        int pages = in.readInt();
        long characters = in.readLong();
        DocumentInfo info =
            new DocumentInfo(
                Frames.readNullableString(in),
                Frames.readNullableString(in),
                Frames.readNullableString(in),
                Frames.readNullableInstant(in));
        yield new Done(new ParseSummary(contentType, pages, characters, info));
      }
      case Frames.FAILED ->
          new Failed(in.readBoolean(), Frames.readString(in), Frames.readString(in));
      default -> throw new IOException("corrupt frame: unknown type " + type);
    };
  }
}
