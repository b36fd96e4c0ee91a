package dev.intake.store;

/**
 * The children of a directory batch by state ({@code pending} includes those waiting to retry), and
 * the sum of their progress, from which the batch's own progress is derived.
 */
public record BatchCounts(
    long total,
    long pending,
    long processing,
    long completed,
    long failed,
    long cancelled,
    double progressSum) {

  /** Progress of the whole batch, 0–100: each child weighs the same. */
  public double progress() {
    return total == 0 ? 100.0 : Math.round(progressSum / total * 10) / 10.0;
  }
}
