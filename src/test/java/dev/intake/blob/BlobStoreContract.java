package dev.intake.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every blob store must do. Each backend's test class supplies stores on a fresh backend (a
 * directory, a bucket of a real S3-protocol server); nothing here knows which one it runs against.
 */
abstract class BlobStoreContract {
  /** The part size the stores under test use: S3's smallest, so that tests upload many parts. */
  static final long PART_BYTES = 5L * 1024 * 1024;

  @TempDir Path dir;
  BlobStore store;

  /** A store on a fresh, empty backend whose uploads go up in parts of {@link #PART_BYTES}. */
  abstract BlobStore openStore(Path dir) throws Exception;

  /** A store whose backend answers but refuses it (no such bucket, a directory it cannot use). */
  abstract BlobStore openRefusingStore(Path dir) throws Exception;

  /** A store whose backend cannot be reached; skips the test where that cannot happen. */
  abstract BlobStore openUnreachableStore(Path dir) throws Exception;

  /** Leaves behind what an interrupted write of {@code store} leaves (an unfinished upload). */
  abstract void leaveUnfinishedWrite(BlobStore store) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openStore(dir);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void storesUnderAServerChosenKeyAndHashesWhileStreaming() throws Exception {
    StoredBlob b = store.put(stream("hello"), 100);
    assertThat(b.sizeBytes()).isEqualTo(5);
    assertThat(b.sha256())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(b.key()).matches("\\d{4}/\\d{2}/[0-9a-f-]{36}");
    try (LocalBlob file = store.fetch(b.key())) {
      assertThat(Files.readString(file.path())).isEqualTo("hello");
    }
  }

  @Test
  void anEmptyFileIsABlobToo() throws Exception {
    StoredBlob b = store.put(new ByteArrayInputStream(new byte[0]), 100);
    assertThat(b.sizeBytes()).isZero();
    try (LocalBlob file = store.fetch(b.key())) {
      assertThat(Files.size(file.path())).isZero();
    }
  }

  @Test
  void aLargeFileStreamsThroughInPartsAndComesBackIdentical() throws Exception {
    long size = 2 * PART_BYTES + 123_457; // three parts, the last a short one
    GeneratedStream in = new GeneratedStream(size, 42);
    StoredBlob b = store.put(in, size);

    assertThat(b.sizeBytes()).isEqualTo(size);
    assertThat(b.sha256()).isEqualTo(in.sha256());
    try (LocalBlob file = store.fetch(b.key())) {
      assertThat(Files.size(file.path())).isEqualTo(size);
      assertThat(sha256(file.path())).isEqualTo(in.sha256());
    }
  }

  @Test
  void aFileOfExactlyOnePartIsStoredWhole() throws Exception {
    GeneratedStream in = new GeneratedStream(PART_BYTES, 7);
    StoredBlob b = store.put(in, PART_BYTES);
    try (LocalBlob file = store.fetch(b.key())) {
      assertThat(sha256(file.path())).isEqualTo(in.sha256()).isEqualTo(b.sha256());
    }
  }

  @Test
  void tooLargeUploadLeavesNothingBehind() throws Exception {
    assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[200_000]), 100_000))
        .isInstanceOf(BlobTooLargeException.class);
    // Past the first part, too: a multipart upload that is given up is aborted.
    assertThatThrownBy(() -> store.put(new GeneratedStream(2 * PART_BYTES + 1, 3), PART_BYTES + 1))
        .isInstanceOf(BlobTooLargeException.class);

    assertThat(everyBlob()).isEmpty();
    assertThat(store.removeUnfinishedWrites(Instant.now().plus(Duration.ofDays(1))))
        .as("no unfinished write was left")
        .isZero();
  }

  @Test
  void aFetchedCopyGoesWhenItsHandleCloses() throws Exception {
    StoredBlob b = store.put(stream("copy"), 100);
    Path fetched;
    boolean temporary;
    try (LocalBlob file = store.fetch(b.key())) {
      fetched = file.path();
      temporary = file.temporary();
    }
    assertThat(Files.exists(fetched)).isEqualTo(!temporary);
    try (LocalBlob again = store.fetch(b.key())) {
      assertThat(Files.readString(again.path())).isEqualTo("copy");
    }
  }

  @Test
  void deleteRemovesTheBlobAndDeletingAgainIsNoError() throws Exception {
    StoredBlob b = store.put(stream("gone soon"), 100);
    store.delete(b.key());
    assertThatThrownBy(() -> store.fetch(b.key()))
        .isInstanceOf(BlobMissingException.class)
        .hasMessageContaining(b.key());
    store.delete(b.key());
    assertThat(everyBlob()).isEmpty();
  }

  @Test
  void keysThatTheStoreDidNotChooseAreRefused() {
    assertThatThrownBy(() -> store.fetch("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listingSeesOnlyBlobsWrittenBeforeTheCutoff() throws Exception {
    StoredBlob a = store.put(stream("a"), 10);
    StoredBlob b = store.put(stream("b"), 10);
    assertThat(everyBlob()).containsExactlyInAnyOrder(a.key(), b.key());
    List<String> old = new ArrayList<>();
    store.listOlderThan(Instant.now().minus(Duration.ofHours(1)), old::addAll);
    assertThat(old).isEmpty();
  }

  @Test
  void theSweepRemovesOnlyOldBlobsThatNoDocumentRefersTo() throws Exception {
    StoredBlob kept = store.put(stream("kept"), 10);
    StoredBlob orphan = store.put(stream("orphan"), 10);
    leaveUnfinishedWrite(store);
    try (Database db = TestDatabases.sqlite(dir)) {
      NewDocument doc = document(kept);
      new JdbcJobStore(db).documentEnqueue(doc, job(doc.documentId()), Instant.now());
      JdbcJobReader reader = new JdbcJobReader(db);
      Clock now = Clock.systemUTC();
      Clock later = Clock.offset(now, Duration.ofHours(2));

      // Young orphans stay: their documents may be about to commit.
      OrphanSweep.Result young =
          new OrphanSweep(store, reader::blobKeysReferenced, now, Duration.ofHours(1)).runOnce();
      assertThat(young.removed()).isZero();
      assertThat(young.unfinishedRemoved()).isZero();
      assertThat(everyBlob()).containsExactlyInAnyOrder(kept.key(), orphan.key());

      OrphanSweep.Result old =
          new OrphanSweep(store, reader::blobKeysReferenced, later, Duration.ofHours(1)).runOnce();
      assertThat(old.examined()).isEqualTo(2);
      assertThat(old.removed()).isEqualTo(1);
      assertThat(old.unfinishedRemoved()).isEqualTo(1);
      assertThat(everyBlob()).containsExactly(kept.key());
      assertThatThrownBy(() -> store.fetch(orphan.key())).isInstanceOf(BlobMissingException.class);
    }
  }

  @Test
  void aStoreThatRefusesThisProcessSaysWhatToFix() throws Exception {
    try (BlobStore refusing = openRefusingStore(dir.resolve("refusing"))) {
      assertThatThrownBy(refusing::check).isInstanceOf(BlobAccessException.class);
      assertThatThrownBy(() -> refusing.put(stream("x"), 10))
          .isInstanceOf(BlobAccessException.class);
    }
  }

  @Test
  void aStoreThatCannotBeReachedIsUnavailableNotBroken() throws Exception {
    StoredBlob b = store.put(stream("x"), 10);
    try (BlobStore unreachable = openUnreachableStore(dir.resolve("unreachable"))) {
      assertThatThrownBy(unreachable::check).isInstanceOf(BlobUnavailableException.class);
      assertThatThrownBy(() -> unreachable.put(stream("x"), 10))
          .isInstanceOf(BlobUnavailableException.class);
      assertThatThrownBy(() -> unreachable.fetch(b.key()))
          .isInstanceOf(BlobUnavailableException.class);
    }
  }

  // ---- helpers

  List<String> everyBlob() throws IOException {
    List<String> keys = new ArrayList<>();
    store.listOlderThan(Instant.now().plus(Duration.ofMinutes(5)), keys::addAll);
    return keys;
  }

  static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static NewDocument document(StoredBlob b) {
    return new NewDocument(
        UUID.randomUUID().toString(),
        "kept.txt",
        null,
        b.sizeBytes(),
        b.sha256(),
        b.key(),
        256,
        32);
  }

  private static NewJob job(String documentId) {
    return new NewJob(
        UUID.randomUUID().toString(),
        TaskType.SINGLE_DOCUMENT,
        Priority.HIGH,
        3,
        documentId,
        null,
        new JobParams(256, 32, false, null),
        "Queued");
  }

  /**
   * {@code size} pseudo-random bytes made as they are read, hashing what it hands out: a large
   * upload that no test holds in memory.
   */
  static final class GeneratedStream extends InputStream {
    private final long size;
    private final Random random;
    private final MessageDigest sha;
    private long served;

    GeneratedStream(long size, long seed) throws Exception {
      this.size = size;
      this.random = new Random(seed);
      this.sha = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (served == size) {
        return -1;
      }
      int n = (int) Math.min(len, Math.min(size - served, 8192));
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      sha.update(chunk);
      served += n;
      return n;
    }

    private String hex;

    /** The sha256 of everything read; call once the stream is exhausted. */
    String sha256() {
      if (hex == null) {
        hex = HexFormat.of().formatHex(sha.digest());
      }
      return hex;
    }
  }
}
