package dev.intake.hostile;

import java.io.IOException;
import java.io.OutputStream;

/** The bytes of a part or stream, written as they are produced, never held whole. */
@FunctionalInterface
interface Content {
  void writeTo(OutputStream out) throws IOException;
}
