package dev.intake.hostile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Text files that are not what a text parser expects: one endless line, or no text at all. */
final class HostileText {
  static final String WORDS = "queue worker lease document chunk vector search index token ";

  private HostileText() {}

  /**
   * Exactly {@code bytes} of words on one line: no line break, no sentence end, nothing but spaces
   * to split at.
   */
  static Path singleLine(Path file, long bytes) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      long written = Repeated.write(out, WORDS, bytes - WORDS.length());
      for (long i = written; i < bytes; i++) {
        out.write('x');
      }
    }
    return file;
  }

  /** {@code bytes} random bytes (the same for one seed), for a file named as text. */
  static Path randomBytes(Path file, int bytes, long seed) throws IOException {
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    Files.write(file, data);
    return file;
  }
}
