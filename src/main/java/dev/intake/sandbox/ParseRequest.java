package dev.intake.sandbox;

import dev.intake.pipeline.chunk.ChunkingSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One document for a parser child: where it is stored, the name it was uploaded under (which helps
 * detect its type) and how to chunk it. The child opens the file itself; the document's bytes never
 * cross the pipe.
 */
public record ParseRequest(Path file, String filename, ChunkingSettings chunking) {

  public ParseRequest {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(chunking, "chunking");
    filename = filename == null ? "" : filename;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeByte(Frames.PARSE);
    Frames.writeString(out, file.toAbsolutePath().toString());
    Frames.writeString(out, filename);
    out.writeInt(chunking.chunkSize());
    out.writeInt(chunking.chunkOverlap());
    out.flush();
  }

  /** Reads the fields of a PARSE frame whose type byte was already read. */
  static ParseRequest read(DataInputStream in) throws IOException {
    Path file = Path.of(Frames.readString(in));
    String filename = Frames.readString(in);
    int size = in.readInt();
    int overlap = in.readInt();
    try {
      return new ParseRequest(file, filename, new ChunkingSettings(size, overlap));
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt request: " + e.getMessage(), e);
    }
  }
}
