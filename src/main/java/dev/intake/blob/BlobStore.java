package dev.intake.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where uploaded files live. Keys are chosen by the store, never taken from a client. */
public interface BlobStore {

  /**
   * Streams {@code in} into a new blob, hashing it on the way. Fails with {@link
   * BlobTooLargeException} (leaving nothing behind) once more than {@code maxBytes} arrive.
   */
  StoredBlob put(InputStream in, long maxBytes) throws IOException;

  /** A local file holding the blob's bytes, for parsers that need random access. */
  Path localPath(String key) throws IOException;

  void delete(String key) throws IOException;
}
