package dev.intake.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The sandbox's wire format: frames of a one-byte type and typed fields, over the child's stdin and
 * stdout, big-endian as {@link DataOutputStream} writes them. Strings are a length and UTF-8 bytes.
 * A field marked {@code ?} may be absent: a boolean says whether it follows. A reader never trusts
 * a length: one past {@link #MAX_STRING_BYTES} means the stream is corrupt, and the child is
 * treated as crashed.
 *
 * <pre>
 * parent → child   PARSE    path, filename, chunk size, chunk overlap
 * child → parent   READY    OCR works?, why not            (once, after start-up)
 *                  OCR      page, total pages              (OCR of a page begins)
 *                  OCR_DONE                                (OCR of pictures inside a document
 *                                                           ended: the parse goes on)
 *                  PAGE     page, total pages              (after each page's chunks)
 *                  CHUNK    index, page start, page end, char start, char end, tokens, text,
 *                           section?
 *                  DONE     content type, pages, characters, title?, author?, language?,
 *                           created? (epoch second, nanosecond)
 *                  FAILED   permanent?, code, message
 * </pre>
 *
 * Every request ends with exactly one DONE or FAILED; a child that dies first has crashed.
 */
final class Frames {

  static final byte PARSE = 'P';
  static final byte READY = 'R';
  static final byte PAGE = 'G';
  static final byte OCR_PAGE = 'O';
  static final byte OCR_DONE = 'o';
  static final byte CHUNK = 'C';
  static final byte DONE = 'D';
  static final byte FAILED = 'F';

  /** No field is longer: a chunk is a few kilobytes, a path or a message far less. */
  static final int MAX_STRING_BYTES = 16 * 1024 * 1024;

  private Frames() {}

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw new IOException("corrupt frame: a string of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A string or null: whether it is there, then the string. */
  static void writeNullableString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(out, s);
    }
  }

  static String readNullableString(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }

  static void writeNullableInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  static Instant readNullableInstant(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    long seconds = in.readLong();
    int nanos = in.readInt();
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw new IOException("corrupt frame: an instant out of range", e);
    }
  }

  /** The next frame's type, or -1 at a clean end of the stream. */
  static int readType(DataInputStream in) throws IOException {
    return in.read();
  }
}
