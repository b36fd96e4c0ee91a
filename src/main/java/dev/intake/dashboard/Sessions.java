package dev.intake.dashboard;

import dev.intake.store.StoreUnavailableException;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.Params;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dashboard sessions: a browser that gave the API key once holds a random token in a cookie. The
 * database keeps only the token's SHA-256, so every API node knows every session and a logout ends
 * it everywhere; a session is tied to the key it was opened with, so a new {@code INTAKE_API_KEY}
 * ends them all.
 *
 * <p>A session lasts {@link #IDLE} after its last use (extended at most every {@link
 * #EXTEND_EVERY}) and never longer than {@link #LIFETIME}. Each node remembers a session it has
 * checked for {@link #RECHECK}: a logout on another node takes that long to reach it. While the
 * database is unreachable, a session this node has seen keeps working until it expires, so the
 * dashboard can still show the outage.
 */
public final class Sessions {
  static final Duration IDLE = Duration.ofHours(12);
  static final Duration LIFETIME = Duration.ofDays(7);
  static final Duration EXTEND_EVERY = Duration.ofMinutes(5);
  static final Duration RECHECK = Duration.ofSeconds(15);
  private static final int MAX_REMEMBERED = 10_000;

  /** A session as this node knows it. */
  record Session(String tokenHash, String csrfToken, Instant createdAt, Instant expiresAt) {}

  /** A session just opened, with the token the browser gets. */
  record Opened(String token, Session session) {}

  private record Remembered(Session session, Instant checkedAt) {}

  private final Database db;
  private final Clock clock;
  private final String keyFingerprint;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  public Sessions(Database db, Clock clock, String apiKey) {
    this.db = db;
    this.clock = clock;
    this.keyFingerprint = fingerprint(apiKey);
  }

  /** Opens a session (the caller has checked the key) and forgets sessions that have expired. */
  Opened open() {
    Instant now = clock.instant();
    String token = randomToken();
    Session s = new Session(hash(token), randomToken(), now, now.plus(IDLE));
    db.inTransaction(
        tx -> {
          tx.update("dashboard_session_delete_expired", Params.of("now", now));
          return tx.update(
              "dashboard_session_insert",
              Params.of(
                  "token_hash", s.tokenHash(),
                  "csrf_token", s.csrfToken(),
                  "key_fingerprint", keyFingerprint,
                  "now", now,
                  "expires_at", s.expiresAt()));
        });
    remember(s, now);
    return new Opened(token, s);
  }

  /**
   * The live session of a token, extended when it is used.
   *
   * @throws StoreUnavailableException when the database cannot be reached and this node has not
   *     seen the session
   */
  Optional<Session> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    String tokenHash = hash(token);
    Instant now = clock.instant();
    Remembered r = remembered.get(tokenHash);
    if (r != null && !r.session().expiresAt().isAfter(now)) {
      remembered.remove(tokenHash);
      r = null;
    }
    if (r != null && r.checkedAt().plus(RECHECK).isAfter(now)) {
      return Optional.of(extendIfDue(r.session(), now));
    }
    Optional<Session> stored;
    try {
      stored = load(tokenHash, now);
    } catch (StoreUnavailableException e) {
      if (r != null) {
        return Optional.of(r.session());
      }
      throw e;
    }
    if (stored.isEmpty()) {
      remembered.remove(tokenHash);
      return Optional.empty();
    }
    remember(stored.get(), now);
    return Optional.of(extendIfDue(stored.get(), now));
  }

  /** Ends the session of a token, on every node (others within {@link #RECHECK}). */
  void close(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return;
    }
    String tokenHash = hash(token);
    remembered.remove(tokenHash);
    db.inTransaction(
        tx -> tx.update("dashboard_session_delete", Params.of("token_hash", tokenHash)));
  }

  private Optional<Session> load(String tokenHash, Instant now) {
    return db.autoCommit(
            tx ->
                tx.one(
                    "dashboard_session_get",
                    Params.of("token_hash", tokenHash, "now", now),
                    row ->
                        new StoredSession(
                            new Session(
                                row.str("token_hash"),
                                row.str("csrf_token"),
                                row.instant("created_at"),
                                row.instant("expires_at")),
                            row.str("key_fingerprint"))))
        .filter(s -> MessageDigest.isEqual(bytes(s.keyFingerprint()), bytes(keyFingerprint)))
        .map(StoredSession::session);
  }

  private record StoredSession(Session session, String keyFingerprint) {}

  /** Pushes the expiry out to {@link #IDLE} from now, at most every {@link #EXTEND_EVERY}. */
  private Session extendIfDue(Session s, Instant now) {
    Instant wanted = min(now.plus(IDLE), s.createdAt().plus(LIFETIME));
    if (!wanted.isAfter(s.expiresAt().plus(EXTEND_EVERY))) {
      return s;
    }
    Session extended = new Session(s.tokenHash(), s.csrfToken(), s.createdAt(), wanted);
    try {
      db.inTransaction(
          tx ->
              tx.update(
                  "dashboard_session_extend",
                  Params.of("token_hash", s.tokenHash(), "expires_at", wanted, "now", now)));
    } catch (StoreUnavailableException e) {
      return s; // extended on a later request
    }
    remember(extended, now);
    return extended;
  }

  private void remember(Session s, Instant now) {
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.clear(); // only a cache: sessions are read again from the database
    }
    remembered.put(s.tokenHash(), new Remembered(s, now));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(token)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HMAC of a fixed label under the key: names the key without revealing it. */
  private static String fingerprint(String apiKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes(apiKey), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(bytes("intake dashboard session")));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
