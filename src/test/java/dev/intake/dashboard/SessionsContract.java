package dev.intake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.store.jdbc.Database;
import dev.intake.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dashboard sessions on each database: found by their token only, extended while used, ended by
 * idleness, by their lifetime, by sign-out (on every node) and by a new key.
 */
abstract class SessionsContract {
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  Database db;

  abstract Database open();

  @BeforeEach
  void openDatabase() {
    db = open();
  }

  @AfterEach
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aSessionIsFoundByItsTokenOnlyAndItsHashIsWhatIsStored() {
    Sessions sessions = new Sessions(db, clock, "key");
    Sessions.Opened opened = sessions.open();
    assertThat(sessions.find(opened.token()))
        .map(Sessions.Session::csrfToken)
        .contains(opened.session().csrfToken());
    assertThat(sessions.find(opened.token() + "x")).isEmpty();
    assertThat(sessions.find("")).isEmpty();
    assertThat(opened.session().tokenHash())
        .isEqualTo(Sessions.hash(opened.token()))
        .isNotEqualTo(opened.token());
    // another node (its own cache) knows it too
    assertThat(new Sessions(db, clock, "key").find(opened.token())).isPresent();
  }

  @Test
  void aSessionLastsTwelveHoursAfterItsLastUseAndSevenDaysAtMost() {
    Sessions sessions = new Sessions(db, clock, "key");
    String token = sessions.open().token();
    for (int i = 0; i < 16; i++) { // used every 11 h: kept alive ...
      clock.advance(Duration.ofHours(11));
      if (clock.instant().isBefore(Instant.parse("2026-03-08T10:00:00Z"))) {
        assertThat(new Sessions(db, clock, "key").find(token)).as("after %d uses", i).isPresent();
      }
    }
    // ... but never past its lifetime
    assertThat(new Sessions(db, clock, "key").find(token)).isEmpty();

    String idle = sessions.open().token();
    clock.advance(Sessions.IDLE.plusMinutes(1));
    assertThat(new Sessions(db, clock, "key").find(idle)).isEmpty();
  }

  @Test
  void signingOutEndsTheSessionOnEveryNodeAndANewKeyEndsThemAll() {
    Sessions one = new Sessions(db, clock, "key");
    Sessions other = new Sessions(db, clock, "key");
    String token = one.open().token();
    assertThat(other.find(token)).isPresent();
    one.close(token);
    assertThat(one.find(token)).isEmpty();
    clock.advance(Sessions.RECHECK.plusSeconds(1));
    assertThat(other.find(token)).as("the other node, once its check is due").isEmpty();

    String kept = one.open().token();
    assertThat(new Sessions(db, clock, "new key").find(kept)).isEmpty();
    assertThat(new Sessions(db, clock, "key").find(kept)).isPresent();
  }
}
