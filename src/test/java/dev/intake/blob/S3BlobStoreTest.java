package dev.intake.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.blob.s3.S3BlobStore;
import dev.intake.blob.s3.S3Settings;
import dev.intake.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The blob-store contract against a real S3-protocol server (S3Proxy, in this JVM, checking
 * signatures), plus what only an object store can do: deny access, time out, throttle.
 */
class S3BlobStoreTest extends BlobStoreContract {
  static final String PREFIX = "intake/blobs";

  static Path serverDir;
  static S3Server server;
  static S3Client admin;
  String bucket;
  final List<AutoCloseable> fakes = new ArrayList<>();

  @BeforeAll
  static void startServer() throws IOException {
    serverDir = Files.createTempDirectory("s3-server");
    server = S3Server.start(serverDir);
    admin =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(S3Server.credentials())
            // S3Proxy rejects the trailing checksums the SDK adds by default (as the store does)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
    dev.intake.testing.Trees.delete(serverDir);
  }

  @AfterEach
  void stopFakes() throws Exception {
    for (AutoCloseable f : fakes) {
      f.close();
    }
  }

  static S3Settings settings(String bucket, URI endpoint, Duration timeout) {
    return new S3Settings(bucket, PREFIX, endpoint, true, null, PART_BYTES, timeout);
  }

  @Override
  BlobStore openStore(Path dir) throws Exception {
    bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
    server.bucket(bucket);
    return new S3BlobStore(
        settings(bucket, server.endpoint(), Duration.ofSeconds(10)),
        S3Server.credentials(),
        dir.resolve("downloads"),
        Clock.systemUTC());
  }

  @Override
  BlobStore openRefusingStore(Path dir) throws Exception {
    return new S3BlobStore(
        settings("no-such-bucket", server.endpoint(), Duration.ofSeconds(10)),
        S3Server.credentials(),
        dir,
        Clock.systemUTC());
  }

  /** Nothing listens on the port any more: connections are refused. */
  @Override
  BlobStore openUnreachableStore(Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new S3BlobStore(
        settings(bucket, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2)),
        S3Server.credentials(),
        dir,
        Clock.systemUTC());
  }

  @Override
  void leaveUnfinishedWrite(BlobStore store) {
    admin.createMultipartUpload(
        r -> r.bucket(bucket).key(PREFIX + "/2026/01/" + UUID.randomUUID()));
  }

  @Test
  void objectsLiveUnderThePrefixAndForeignObjectsThereAreNeverSwept() throws Exception {
    StoredBlob b = store.put(stream("mine"), 10);
    admin.putObject(r -> r.bucket(bucket).key(PREFIX + "/README.txt"), RequestBody.fromString("x"));
    admin.putObject(r -> r.bucket(bucket).key("elsewhere/2026/01/x"), RequestBody.fromString("x"));

    assertThat(objects())
        .containsExactlyInAnyOrder(
            PREFIX + "/" + b.key(), PREFIX + "/README.txt", "elsewhere/2026/01/x");
    assertThat(everyBlob()).containsExactly(b.key());
    new OrphanSweep(store, keys -> java.util.Set.of(), Clock.systemUTC(), Duration.ZERO).runOnce();
    assertThat(objects()).containsExactlyInAnyOrder(PREFIX + "/README.txt", "elsewhere/2026/01/x");
  }

  /**
   * The bucket's objects (S3Proxy's file system back end also lists its directories: not those).
   */
  private List<String> objects() {
    return admin.listObjectsV2(r -> r.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .filter(k -> !k.endsWith("/"))
        .toList();
  }

  @Test
  void aLargeUploadIsOneMultipartObject() throws Exception {
    StoredBlob b = store.put(new GeneratedStream(2 * PART_BYTES + 10, 1), 3 * PART_BYTES);
    String etag = admin.headObject(r -> r.bucket(bucket).key(PREFIX + "/" + b.key())).eTag();
    assertThat(etag).as("a multipart upload's ETag counts its parts").endsWith("-3\"");
  }

  @Test
  void aWrongSecretIsDeniedAccessWithAMessageThatSaysSo() throws Exception {
    StaticCredentialsProvider wrong =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Server.ACCESS_KEY, "not-the-secret"));
    try (BlobStore denied =
        new S3BlobStore(
            settings(bucket, server.endpoint(), Duration.ofSeconds(10)),
            wrong,
            dir.resolve("denied"),
            Clock.systemUTC())) {
      assertThatThrownBy(() -> denied.put(stream("x"), 10))
          .isInstanceOf(BlobAccessException.class)
          .hasMessageContaining("denied access to s3://" + bucket + "/" + PREFIX)
          .hasMessageNotContaining("not-the-secret");
    }
  }

  @Test
  void aMissingBucketIsNamed() throws Exception {
    try (BlobStore missing = openRefusingStore(dir.resolve("missing"))) {
      assertThatThrownBy(missing::check)
          .isInstanceOf(BlobAccessException.class)
          .hasMessageContaining("s3://no-such-bucket/" + PREFIX)
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    ServerSocket silent = new ServerSocket(0);
    List<Socket> held = new ArrayList<>();
    Thread acceptor =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    while (true) {
                      held.add(silent.accept()); // accepted, never answered
                    }
                  } catch (IOException closed) {
                    // the test is over
                  }
                });
    fakes.add(
        () -> {
          silent.close();
          acceptor.join();
          for (Socket s : held) {
            s.close();
          }
        });
    try (BlobStore stuck =
        new S3BlobStore(
            settings(
                bucket,
                URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                Duration.ofMillis(500)),
            S3Server.credentials(),
            dir.resolve("stuck"),
            Clock.systemUTC())) {
      assertThatThrownBy(stuck::check)
          .isInstanceOf(BlobUnavailableException.class)
          .hasMessageContaining("timed out");
    }
  }

  @Test
  void aThrottlingServerIsUnavailableNotBroken() throws Exception {
    ThrottlingServer slowDown = new ThrottlingServer();
    fakes.add(slowDown);
    try (BlobStore throttled =
        new S3BlobStore(
            settings(
                bucket, URI.create("http://127.0.0.1:" + slowDown.port()), Duration.ofSeconds(5)),
            S3Server.credentials(),
            dir.resolve("throttled"),
            Clock.systemUTC())) {
      assertThatThrownBy(() -> throttled.fetch("2026/01/" + UUID.randomUUID()))
          .isInstanceOf(BlobUnavailableException.class)
          .hasMessageContaining("throttling requests (SlowDown)");
      assertThatThrownBy(throttled::check).isInstanceOf(BlobUnavailableException.class);
    }
    assertThat(slowDown.requests()).as("the SDK retried before it gave up").isGreaterThan(2);
  }

  @Test
  void unfinishedUploadsYoungerThanTheCutoffAreKept() throws Exception {
    leaveUnfinishedWrite(store);
    assertThat(store.removeUnfinishedWrites(Instant.now().minus(Duration.ofHours(1)))).isZero();
    assertThat(store.removeUnfinishedWrites(Instant.now().plus(Duration.ofHours(1)))).isEqualTo(1);
  }

  /**
   * Answers every request the way S3 answers a client it throttles: {@code 503 SlowDown}. Not a
   * stand-in for S3 (the contract runs against S3Proxy); a fault that S3Proxy cannot produce.
   */
  static final class ThrottlingServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0);
    private final java.util.concurrent.atomic.AtomicInteger requests =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread = Thread.ofPlatform().daemon().start(this::serve);

    ThrottlingServer() throws IOException {}

    int port() {
      return socket.getLocalPort();
    }

    int requests() {
      return requests.get();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          InputStream in = s.getInputStream();
          int last4 = 0;
          while (last4 != 0x0d0a0d0a) { // the end of the request's headers
            int b = in.read();
            if (b < 0) {
              break;
            }
            last4 = (last4 << 8) | b;
          }
          requests.incrementAndGet();
          byte[] body =
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                      + "<Message>Please reduce your request rate.</Message></Error>")
                  .getBytes(StandardCharsets.UTF_8);
          OutputStream out = s.getOutputStream();
          out.write(
              ("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                      + body.length
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        } catch (IOException e) {
          // closed, or a client that went away: take the next one
        }
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join();
    }
  }
}
