package dev.intake.pipeline.index;

/** Checks embeddings before they reach Lucene, which would fail with a less helpful message. */
final class Vectors {

  // Embedding models return vectors whose norm is 1 within float rounding; anything further off
  // is re-normalised because DOT_PRODUCT scores are only meaningful on unit vectors.
  private static final double NORM_TOLERANCE = 1e-3;

  private Vectors() {}

  /**
   * Returns {@code vector} if it has the right length and unit norm, or a normalised copy.
   *
   * @param what describes the vector's owner for the error message, e.g. "chunk 3 of document x"
   * @throws IllegalArgumentException on a wrong length, a non-finite value or an all-zero vector
   */
  static float[] checkedUnitVector(float[] vector, int dimensions, String what) {
    if (vector == null) {
      throw new IllegalArgumentException(what + " has no vector");
    }
    if (vector.length != dimensions) {
      throw new IllegalArgumentException(
          what
              + " has a "
              + vector.length
              + "-dimensional vector but the index expects "
              + dimensions
              + " dimensions");
    }
    double sumOfSquares = 0;
    for (float value : vector) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(what + " has a vector containing NaN or infinity");
      }
      sumOfSquares += (double) value * value;
    }
    if (sumOfSquares == 0) {
      throw new IllegalArgumentException(what + " has an all-zero vector");
    }
    double norm = Math.sqrt(sumOfSquares);
    if (Math.abs(norm - 1) <= NORM_TOLERANCE) {
      return vector;
    }
    float[] normalised = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      normalised[i] = (float) (vector[i] / norm);
    }
    return normalised;
  }
}
