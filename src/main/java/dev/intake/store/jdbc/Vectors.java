package dev.intake.store.jdbc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors are stored as little-endian float32 bytes: compact and identical in every dialect. */
final class Vectors {
  private Vectors() {}

  static byte[] toBytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  static float[] fromBytes(byte[] bytes) {
    float[] v = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
