package dev.intake.pipeline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void unitVectorsPassThroughUncopied() {
    float[] unit = {0.6f, 0.8f};
    assertThat(Vectors.checkedUnitVector(unit, 2, "v")).isSameAs(unit);
  }

  @Test
  void otherVectorsAreNormalisedIntoACopy() {
    float[] scaled = {3f, 4f};
    float[] result = Vectors.checkedUnitVector(scaled, 2, "v");
    assertThat(result).isNotSameAs(scaled).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
    assertThat(scaled).containsExactly(3f, 4f);
  }

  @Test
  void unusableVectorsAreRejected() {
    assertThatThrownBy(() -> Vectors.checkedUnitVector(new float[] {1f}, 2, "the query"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the query has a 1-dimensional vector but the index expects 2 dimensions");
    assertThatThrownBy(() -> Vectors.checkedUnitVector(new float[] {Float.NaN, 1f}, 2, "v"))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Vectors.checkedUnitVector(new float[2], 2, "v"))
        .hasMessageContaining("all-zero");
    assertThatThrownBy(() -> Vectors.checkedUnitVector(null, 2, "v"))
        .hasMessageContaining("no vector");
  }
}
