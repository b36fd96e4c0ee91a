package dev.intake.pipeline.embed;

/** Small vector helpers shared by the embedding models. */
final class Vectors {

  private Vectors() {}

  /** Scales {@code vector} in place to unit length; a zero vector stays zero. */
  static float[] normalize(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    if (sum > 0) {
      float scale = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < vector.length; i++) {
        vector[i] *= scale;
      }
    }
    return vector;
  }
}
