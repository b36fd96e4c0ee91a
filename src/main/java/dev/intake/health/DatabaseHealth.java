package dev.intake.health;

import dev.intake.store.StoreAvailability;

/** Reports whether the database can be reached as the part {@value #PART}. */
public final class DatabaseHealth {
  public static final String PART = "database";

  private DatabaseHealth() {}

  /** Reports the current state now and every change from here on. */
  public static void report(StoreAvailability availability, HealthRegistry health) {
    availability.subscribe(
        (available, reason) -> {
          if (available) {
            health.ok(PART);
          } else {
            health.down(PART, "the database cannot be reached: " + reason);
          }
        });
    StoreAvailability.Outage outage = availability.current();
    if (outage == null) {
      health.ok(PART);
    } else {
      health.down(PART, "the database cannot be reached: " + outage.reason());
    }
  }
}
