package dev.intake.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files (HTML, CSS, ES modules, SVG), read from the class path once and served with
 * an ETag: a browser revalidates each load and gets {@code 304} while nothing changed, so a new
 * version of Intake is picked up at the next reload. Only names of the expected shape are looked
 * up: no {@code ..}, no other resource of the class path.
 */
final class Assets {
  static final String ROOT = "/dev/intake/dashboard/web/";
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private record Asset(byte[] bytes, String type, String etag) {}

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  /** Serves {@code name}; false when there is no such file. */
  boolean serve(Context ctx, String name) {
    Optional<Asset> asset =
        NAME.matcher(name).matches() ? cache.computeIfAbsent(name, Assets::load) : Optional.empty();
    if (asset.isEmpty()) {
      return false;
    }
    Asset a = asset.get();
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", a.etag());
    if (a.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return true;
    }
    ctx.contentType(a.type()).result(a.bytes());
    return true;
  }

  private static Optional<Asset> load(String name) {
    try (InputStream in = Assets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String ext = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of(new Asset(bytes, TYPES.get(ext), etag(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
