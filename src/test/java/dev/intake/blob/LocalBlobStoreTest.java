package dev.intake.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The blob-store contract on a local directory. */
class LocalBlobStoreTest extends BlobStoreContract {

  @Override
  BlobStore openStore(Path dir) throws Exception {
    return new LocalBlobStore(dir.resolve("blobs"), Clock.systemUTC());
  }

  /** A store whose directory went away after it started (an unmounted share). */
  @Override
  BlobStore openRefusingStore(Path dir) throws Exception {
    LocalBlobStore s = new LocalBlobStore(dir, Clock.systemUTC());
    Files.delete(dir.resolve("tmp"));
    Files.writeString(dir.resolve("tmp"), "not a directory");
    return s;
  }

  @Override
  BlobStore openUnreachableStore(Path dir) {
    Assumptions.assumeTrue(false, "a local directory is never unreachable, only missing");
    return null;
  }

  @Override
  void leaveUnfinishedWrite(BlobStore store) throws Exception {
    Files.writeString(dir.resolve("blobs/tmp/upload-123.part"), "half an upload");
  }

  @Test
  void theFetchedFileIsTheStoredFileItself() throws Exception {
    StoredBlob b = store.put(stream("here"), 10);
    try (LocalBlob file = store.fetch(b.key())) {
      assertThat(file.temporary()).isFalse();
      assertThat(file.path()).isEqualTo(dir.resolve("blobs").resolve(b.key()).toAbsolutePath());
    }
  }

  @Test
  void aTooLargeUploadLeavesNoFileAtAll() throws Exception {
    try {
      store.put(new java.io.ByteArrayInputStream(new byte[200_000]), 100_000);
    } catch (BlobTooLargeException expected) {
      // what the contract checks; here: not even a temporary file
    }
    try (Stream<Path> files = Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }
}
