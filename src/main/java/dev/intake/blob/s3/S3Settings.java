package dev.intake.blob.s3;

import java.net.URI;
import java.time.Duration;

/**
 * Where the S3 blob store keeps objects and how it talks to the server.
 *
 * @param bucket the bucket (it must exist: Intake never creates one)
 * @param prefix the key prefix under which objects go, without slashes at either end; empty for the
 *     bucket's root
 * @param endpoint the server of an S3-compatible store (MinIO, Ceph, …); null for AWS itself
 * @param pathStyle whether the bucket goes in the path ({@code http://host/bucket/key}) rather than
 *     the host name; S3-compatible servers mostly need it
 * @param region the signing region; null: the AWS default chain (us-east-1 with an endpoint)
 * @param partSizeBytes uploads larger than this go up in parts of this size (at least 5 MB)
 * @param timeout how long a connection attempt, or a wait for the next bytes, may take
 */
public record S3Settings(
    String bucket,
    String prefix,
    URI endpoint,
    boolean pathStyle,
    String region,
    long partSizeBytes,
    Duration timeout) {

  /** S3's smallest part of a multipart upload (all but the last). */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  public S3Settings {
    if (partSizeBytes < MIN_PART_BYTES) {
      throw new IllegalArgumentException("parts must be at least 5 MB");
    }
  }

  /** The location {@code s3://bucket/prefix}, as a person wrote it. */
  public String url() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /**
   * Parses {@code s3://bucket[/prefix]} into its bucket and prefix.
   *
   * @throws IllegalArgumentException with a message for people when it is not such a URL
   */
  public static String[] parseUrl(String url) {
    if (url == null || !url.startsWith("s3://")) {
      throw new IllegalArgumentException("must look like s3://bucket/prefix (got '" + url + "')");
    }
    String rest = url.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "names no valid bucket (3-63 lower-case letters, digits, dots and hyphens; got '"
              + url
              + "')");
    }
    if (prefix.startsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("has an empty path segment (got '" + url + "')");
    }
    return new String[] {bucket, prefix};
  }
}
