package dev.intake.blob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob's bytes as a file on this machine. Closing it deletes the file when it is a temporary copy
 * (downloaded from an object store), and leaves it when it is the stored file itself.
 */
public record LocalBlob(Path path, boolean temporary) implements AutoCloseable {

  @Override
  public void close() throws IOException {
    if (temporary) {
      Files.deleteIfExists(path);
    }
  }
}
