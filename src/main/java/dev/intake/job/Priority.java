package dev.intake.job;

import java.util.Locale;

/** Scheduling class of a job. Lower rank is claimed first. */
public enum Priority {
  /** Single uploads: a person is waiting. */
  HIGH(1),
  /** Children of directory batches. */
  MEDIUM(2),
  /** Reprocessing and maintenance. */
  LOW(3);

  private final int rank;

  Priority(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Priority fromRank(int rank) {
    for (Priority p : values()) {
      if (p.rank == rank) {
        return p;
      }
    }
    throw new IllegalArgumentException("no priority with rank " + rank);
  }

  /**
   * Parses {@code high|medium|low}; anything else is an IllegalArgumentException naming the
   * choices.
   */
  public static Priority fromWire(String value) {
    for (Priority p : values()) {
      if (p.wireName().equalsIgnoreCase(value.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "priority must be one of high, medium, low (got '" + value + "')");
  }
}
