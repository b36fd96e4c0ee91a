package dev.intake.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child's stderr to this process's, line by line, without trusting it: the bytes are read
 * in fixed blocks and a line longer than {@link #MAX_LINE_BYTES} is cut, so a child that logs a
 * huge line (an exception message echoing a document, say) cannot make this process build it in its
 * own heap.
 */
final class ChildStderr {
  static final int MAX_LINE_BYTES = 8 * 1024;
  static final byte[] CUT = " [line cut]".getBytes(StandardCharsets.US_ASCII);

  private ChildStderr() {}

  /** Copies until {@code in} ends; each line is written in one call, followed by a newline. */
  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] block = new byte[8 * 1024];
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    boolean cut = false;
    for (int n = in.read(block); n >= 0; n = in.read(block)) {
      for (int i = 0; i < n; i++) {
        byte b = block[i];
        if (b == '\n') {
          writeLine(line, cut, out);
          cut = false;
        } else if (line.size() < MAX_LINE_BYTES) {
          line.write(b);
        } else {
          cut = true;
        }
      }
    }
    if (line.size() > 0 || cut) {
      writeLine(line, cut, out);
    }
  }

  private static void writeLine(ByteArrayOutputStream line, boolean cut, OutputStream out)
      throws IOException {
    if (cut) {
      line.write(CUT);
    }
    line.write('\n');
    synchronized (out) { // keep lines of different children whole
      line.writeTo(out);
      out.flush();
    }
    line.reset();
  }
}
