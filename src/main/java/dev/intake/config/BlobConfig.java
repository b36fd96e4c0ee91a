package dev.intake.config;

import dev.intake.blob.s3.S3Settings;
import java.net.URI;
import java.time.Duration;

/**
 * Where uploaded files go: a directory ({@code INTAKE_BLOB_DIR}, the default, or a shared mount) or
 * an S3-compatible bucket ({@code INTAKE_BLOB_URL=s3://bucket/prefix}), and how often orphans are
 * swept.
 *
 * @param s3 the bucket's settings; null for the directory
 * @param sweepInterval how often the orphan sweep runs ({@code INTAKE_BLOB_SWEEP_INTERVAL})
 * @param orphanAge how old an unreferenced blob must be before the sweep removes it ({@code
 *     INTAKE_BLOB_ORPHAN_AGE}); far longer than a blob can wait for its document's commit
 */
public record BlobConfig(S3Settings s3, Duration sweepInterval, Duration orphanAge) {

  /** Whether blobs live in an S3-compatible bucket rather than a directory. */
  public boolean isS3() {
    return s3 != null;
  }

  static BlobConfig from(Settings s) {
    Duration sweep = s.seconds("INTAKE_BLOB_SWEEP_INTERVAL", Duration.ofHours(1), 1);
    Duration age = s.seconds("INTAKE_BLOB_ORPHAN_AGE", Duration.ofDays(1), 1);
    int partMb = s.integer("INTAKE_S3_PART_MB", 16, 5, 5 * 1024);
    Duration timeout = s.seconds("INTAKE_S3_TIMEOUT", Duration.ofSeconds(10), 0.1);
    // Every name is read before the choice below, so that variableNames() lists them all.
    URI endpoint = endpoint(s);
    boolean pathStyle = s.bool("INTAKE_S3_PATH_STYLE", endpoint != null);
    String region = s.string("AWS_REGION", s.string("AWS_DEFAULT_REGION", null));
    String url = s.string("INTAKE_BLOB_URL", null);
    if (url == null) {
      return new BlobConfig(null, sweep, age);
    }
    s.check(
        s.string("INTAKE_BLOB_DIR", null) == null,
        "INTAKE_BLOB_URL and INTAKE_BLOB_DIR are both set: set one (a bucket, or a directory)");
    String[] location;
    try {
      location = S3Settings.parseUrl(url);
    } catch (IllegalArgumentException e) {
      s.check(false, "INTAKE_BLOB_URL " + e.getMessage());
      return new BlobConfig(null, sweep, age);
    }
    return new BlobConfig(
        new S3Settings(
            location[0], location[1], endpoint, pathStyle, region, partMb * 1024L * 1024L, timeout),
        sweep,
        age);
  }

  private static URI endpoint(Settings s) {
    String v = s.string("INTAKE_S3_ENDPOINT", null);
    if (v == null) {
      return null;
    }
    try {
      URI u = URI.create(v);
      if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    s.check(false, "INTAKE_S3_ENDPOINT must be an http:// or https:// URL (got '" + v + "')");
    return null;
  }
}
