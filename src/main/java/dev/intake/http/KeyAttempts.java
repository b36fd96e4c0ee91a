package dev.intake.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong API keys by client address, so that a key cannot be guessed at the speed of requests: after
 * {@value #ALLOWED} wrong keys from one address within {@link #WINDOW} of the first, every key that
 * address presents answers 429 with {@code Retry-After} until that window has passed, right or
 * wrong, without being compared. A right key forgets the address's mistakes. Only requests that
 * present a key count: a page polling without its expired session is refused with 401 but never
 * locks its user out of signing in again.
 *
 * <p>Addresses are the connection's own (a reverse proxy in front makes all its clients one
 * address: they then share the allowance). At most {@value #MAX_ADDRESSES} addresses are
 * remembered; the one least recently seen is forgotten first.
 */
public final class KeyAttempts {
  /** Wrong keys an address may present within {@link #WINDOW}. */
  public static final int ALLOWED = 10;

  /** How long an address's wrong keys count, from the first of them. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final Map<String, Mistakes> byAddress =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Mistakes> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };

  private static final class Mistakes {
    Instant since;
    int count;
  }

  public KeyAttempts(Clock clock) {
    this.clock = clock;
  }

  /**
   * Answers 429 with {@code Retry-After} while the request's address has used up its wrong keys;
   * call before comparing the key it presents.
   */
  public void requireAllowed(Context ctx) {
    long seconds = secondsLocked(ctx.ip());
    if (seconds > 0) {
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiException(
          429,
          "too_many_wrong_keys",
          "Too many wrong API keys from this address ("
              + ALLOWED
              + " within "
              + WINDOW.toSeconds()
              + " s); try again in "
              + seconds
              + " s");
    }
  }

  /** Seconds until {@code address} may present a key again; 0 if it may now. */
  synchronized long secondsLocked(String address) {
    Mistakes m = byAddress.get(address);
    if (m == null || m.count < ALLOWED) {
      return 0;
    }
    Duration left = Duration.between(clock.instant(), m.since.plus(WINDOW));
    if (left.isNegative() || left.isZero()) {
      byAddress.remove(address);
      return 0;
    }
    return Math.max(1, (left.toMillis() + 999) / 1000);
  }

  /** Counts a wrong key from {@code address}. */
  public synchronized void failed(String address) {
    Instant now = clock.instant();
    Mistakes m = byAddress.get(address);
    if (m == null || !now.isBefore(m.since.plus(WINDOW))) {
      m = new Mistakes();
      m.since = now;
      byAddress.put(address, m);
    }
    m.count++;
  }

  /** A right key from {@code address}: its mistakes are forgotten. */
  public synchronized void succeeded(String address) {
    if (!byAddress.isEmpty()) {
      byAddress.remove(address);
    }
  }

  /** How many addresses are remembered now. */
  synchronized int remembered() {
    return byAddress.size();
  }
}
