package dev.intake.blob.s3;

import dev.intake.blob.BlobStore;
import dev.intake.blob.BlobTooLargeException;
import dev.intake.blob.LocalBlob;
import dev.intake.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in an S3-compatible bucket, under {@code prefix/yyyy/MM/uuid}.
 *
 * <p>{@link #put} streams: a body that fits one part ({@link S3Settings#partSizeBytes}) goes up in
 * one PUT; a larger one as a multipart upload, one part in memory at a time, aborted if anything
 * fails. Either way the sha256 is computed as the bytes pass, and the call returns once S3 has
 * acknowledged the object, which S3 stores durably before it answers: as with the local store, the
 * caller records the key only after that. {@link #fetch} downloads the object to a temporary file
 * for the parser, which closing the handle deletes.
 */
public final class S3BlobStore implements BlobStore {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

  /** Keys this store writes; the sweep never touches other objects that share the prefix. */
  private static final Pattern KEY =
      Pattern.compile("\\d{4}/\\d{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final S3Settings settings;
  private final S3Client s3;
  private final Path downloads;
  private final Clock clock;
  private final S3Errors errors;

  /** A store whose credentials come from the standard AWS chain (environment, profile, role). */
  public S3BlobStore(S3Settings settings, Path downloads, Clock clock) throws IOException {
    this(settings, DefaultCredentialsProvider.builder().build(), downloads, clock);
  }

  /**
   * @param downloads where {@link #fetch} puts its temporary copies
   */
  public S3BlobStore(
      S3Settings settings, AwsCredentialsProvider credentials, Path downloads, Clock clock)
      throws IOException {
    this.settings = settings;
    this.downloads = Files.createDirectories(downloads);
    this.clock = clock;
    this.errors = new S3Errors(settings.url());
    this.s3 = client(settings, credentials);
  }

  private static S3Client client(S3Settings s, AwsCredentialsProvider credentials) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(
                Apache5HttpClient.builder()
                    .connectionTimeout(s.timeout())
                    .socketTimeout(s.timeout())
                    .connectionAcquisitionTimeout(s.timeout())
                    .maxConnections(64)
                    .build())
            .credentialsProvider(credentials)
            // Checksums only where S3 requires them: many S3-compatible servers reject the
            // trailing checksums the SDK would otherwise add to every upload. TCP and TLS guard
            // the bytes on the way; the sha256 Intake records is of what the client sent.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .forcePathStyle(s.pathStyle());
    if (s.endpoint() != null) {
      b.endpointOverride(s.endpoint());
    }
    if (s.region() != null) {
      b.region(Region.of(s.region()));
    } else if (s.endpoint() != null) {
      b.region(Region.US_EAST_1); // S3-compatible servers mostly ignore it, but it must be set
    }
    return b.build();
  }

  @Override
  public StoredBlob put(InputStream in, long maxBytes) throws IOException {
    String key = MONTH.format(clock.instant()) + "/" + UUID.randomUUID();
    String object = objectKey(key);
    MessageDigest sha = sha256();
    int partSize = (int) Math.min(settings.partSizeBytes(), Integer.MAX_VALUE - 8);
    Part first = Part.read(in, sha, partSize);
    if (first.length() > maxBytes) {
      throw new BlobTooLargeException(maxBytes);
    }
    if (!first.full()) { // it all fits in one part: one PUT
      call(
          () ->
              s3.putObject(
                  r -> r.bucket(settings.bucket()).key(object).contentLength((long) first.length()),
                  first.body()),
          key);
      return new StoredBlob(key, first.length(), HexFormat.of().formatHex(sha.digest()));
    }
    long size =
        new MultipartWrite(s3, settings.bucket(), object, key, this::call)
            .write(first, in, sha, partSize, maxBytes);
    return new StoredBlob(key, size, HexFormat.of().formatHex(sha.digest()));
  }

  @Override
  public LocalBlob fetch(String key) throws IOException {
    Path tmp = Files.createTempFile(downloads, "blob-", ".download");
    boolean done = false;
    try {
      ResponseInputStream<GetObjectResponse> body =
          call(() -> s3.getObject(r -> r.bucket(settings.bucket()).key(objectKey(key))), key);
      try (body;
          OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[64 * 1024];
        while (true) {
          int n;
          try {
            n = body.read(buf);
          } catch (IOException e) { // the network, not the local disk
            throw errors.broken(e);
          }
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n);
        }
      }
      done = true;
      return new LocalBlob(tmp, true);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  @Override
  public void delete(String key) throws IOException {
    call(() -> s3.deleteObject(r -> r.bucket(settings.bucket()).key(objectKey(key))), key);
  }

  @Override
  public void listOlderThan(Instant before, BlobPage page) throws IOException {
    String listed = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
    String token = null;
    do {
      String next = token;
      ListObjectsV2Response res =
          call(
              () ->
                  s3.listObjectsV2(
                      r ->
                          r.bucket(settings.bucket())
                              .prefix(listed)
                              .continuationToken(next)
                              .maxKeys(1000)),
              null);
      List<String> keys = new ArrayList<>();
      for (S3Object o : res.contents()) {
        String key = o.key().substring(listed.length());
        if (KEY.matcher(key).matches() && o.lastModified().isBefore(before)) {
          keys.add(key);
        }
      }
      if (!keys.isEmpty()) {
        page.accept(keys);
      }
      token = Boolean.TRUE.equals(res.isTruncated()) ? res.nextContinuationToken() : null;
    } while (token != null);
  }

  /** Aborts multipart uploads begun before {@code before}: their parts cost storage until then. */
  @Override
  public int removeUnfinishedWrites(Instant before) throws IOException {
    String listed = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
    int aborted = 0;
    for (MultipartUpload u :
        call(
            () ->
                s3
                    .listMultipartUploadsPaginator(r -> r.bucket(settings.bucket()).prefix(listed))
                    .uploads()
                    .stream()
                    .toList(),
            null)) {
      if (u.initiated() != null && u.initiated().isBefore(before)) {
        call(
            () ->
                s3.abortMultipartUpload(
                    r -> r.bucket(settings.bucket()).key(u.key()).uploadId(u.uploadId())),
            null);
        aborted++;
      }
    }
    return aborted;
  }

  @Override
  public void check() throws IOException {
    call(() -> s3.headBucket(r -> r.bucket(settings.bucket())), null);
  }

  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public String location() {
    return settings.url();
  }

  @Override
  public void close() {
    s3.close();
  }

  private String objectKey(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a blob key of this store: " + key);
    }
    return settings.prefix().isEmpty() ? key : settings.prefix() + "/" + key;
  }

  /** One SDK call, its exceptions typed ({@link S3Errors}). */
  <T> T call(SdkCall<T> c, String key) throws IOException {
    try {
      return c.run();
    } catch (SdkException e) {
      throw errors.translate(e, key);
    }
  }

  @FunctionalInterface
  interface SdkCall<T> {
    T run();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
