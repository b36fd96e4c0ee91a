package dev.intake.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where uploaded files live: a local directory (or a shared mount) or an S3-compatible bucket. Keys
 * are chosen by the store, never taken from a client.
 *
 * <p>Failures are typed: {@link BlobUnavailableException} (the store cannot be reached or is
 * throttling: try again later), {@link BlobAccessException} (the store refuses this process: a
 * missing bucket, denied access, no credentials; no retry helps until someone fixes the setup),
 * {@link BlobMissingException} (no blob under the key) and {@link BlobTooLargeException}.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Streams {@code in} into a new blob, hashing it on the way, and returns once the blob is durable
   * (a caller records its key in the database after that). Fails with {@link BlobTooLargeException}
   * (leaving nothing behind) once more than {@code maxBytes} arrive.
   */
  StoredBlob put(InputStream in, long maxBytes) throws IOException;

  /**
   * The blob's bytes as a local file, for parsers that need random access: the stored file itself,
   * or a temporary copy that closing the returned handle deletes.
   */
  LocalBlob fetch(String key) throws IOException;

  /** Deletes the blob; a key with no blob is not an error. */
  void delete(String key) throws IOException;

  /**
   * Hands every blob last written before {@code before} to {@code page}, a page of keys at a time
   * (for the orphan sweep). Incomplete writes are not blobs and are not listed.
   */
  void listOlderThan(Instant before, BlobPage page) throws IOException;

  /**
   * Removes what interrupted writes left behind before {@code before} (temporary files, unfinished
   * multipart uploads); returns how many it removed.
   */
  int removeUnfinishedWrites(Instant before) throws IOException;

  /** Checks that the store can be reached and used; throws the typed failure if not. */
  void check() throws IOException;

  /** What the store is, for logs and {@code /health}: {@code local} or {@code s3}. */
  String kind();

  /** Where it is, for people: a directory or {@code s3://bucket/prefix}. */
  String location();

  @Override
  default void close() {}

  /** Receives one page of listed keys. */
  @FunctionalInterface
  interface BlobPage {
    void accept(List<String> keys) throws IOException;
  }
}
