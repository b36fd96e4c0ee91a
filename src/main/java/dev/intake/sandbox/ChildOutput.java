package dev.intake.sandbox;

import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.parse.DocumentInfo;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The child's side of {@link ChildMessage}: writes frames to the parent. Chunks are buffered and
 * flushed with the page they complete, so a page costs one write to the pipe.
 */
final class ChildOutput {

  private final DataOutputStream out;

  ChildOutput(OutputStream out) {
    this.out = new DataOutputStream(out);
  }

  /**
   * @param ocrProblem why this child cannot OCR, or null if it can
   */
  void ready(String ocrProblem) throws IOException {
    out.writeByte(Frames.READY);
    out.writeBoolean(ocrProblem == null);
    Frames.writeString(out, ocrProblem == null ? "" : ocrProblem);
    out.flush();
  }

  /** OCR of a page begins: flushed at once, since the page may take a while. */
  void ocrPage(int page, int totalPages) throws IOException {
    out.writeByte(Frames.OCR_PAGE);
    out.writeInt(page);
    out.writeInt(totalPages);
    out.flush();
  }

  /** OCR of a picture inside the document ended: flushed, the parse limit runs again. */
  void ocrDone() throws IOException {
    out.writeByte(Frames.OCR_DONE);
    out.flush();
  }

  void chunk(Chunk c) throws IOException {
    out.writeByte(Frames.CHUNK);
    out.writeInt(c.index());
    out.writeInt(c.pageStart());
    out.writeInt(c.pageEnd());
    out.writeInt(c.charStart());
    out.writeInt(c.charEnd());
    out.writeInt(c.tokenCount());
    Frames.writeString(out, c.text());
    Frames.writeNullableString(out, c.section());
  }

  void page(int page, int totalPages) throws IOException {
    out.writeByte(Frames.PAGE);
    out.writeInt(page);
    out.writeInt(totalPages);
    out.flush();
  }

  void done(ParseSummary summary) throws IOException {
    out.writeByte(Frames.DONE);
    Frames.writeString(out, summary.contentType());
    out.writeInt(summary.pages());
    out.writeLong(summary.characters());
    DocumentInfo info = summary.info();
    Frames.writeNullableString(out, info.title());
    Frames.writeNullableString(out, info.author());
    Frames.writeNullableString(out, info.language());
    Frames.writeNullableInstant(out, info.created());
    out.flush();
  }

  void failed(boolean permanent, String code, String message) throws IOException {
    out.writeByte(Frames.FAILED);
    out.writeBoolean(permanent);
    Frames.writeString(out, code);
    Frames.writeString(out, message == null ? "" : message);
    out.flush();
  }
}
