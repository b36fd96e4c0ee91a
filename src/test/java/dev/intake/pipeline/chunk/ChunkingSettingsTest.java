package dev.intake.pipeline.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkingSettingsTest {

  @Test
  void defaultIs256TokensWith32Overlap() {
    assertThat(ChunkingSettings.DEFAULT).isEqualTo(new ChunkingSettings(256, 32));
  }

  @ParameterizedTest
  @CsvSource({"16, 0", "16, 15", "2048, 2047", "512, 64"})
  void acceptsTheLimits(int size, int overlap) {
    assertThat(new ChunkingSettings(size, overlap).chunkSize()).isEqualTo(size);
  }

  @ParameterizedTest
  @CsvSource({"15, 0", "2049, 0", "0, 0", "-5, 0"})
  void rejectsChunkSizesOutOfRange(int size, int overlap) {
    assertThatThrownBy(() -> new ChunkingSettings(size, overlap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk size must be between 16 and 2048 tokens, but was " + size);
  }

  @ParameterizedTest
  @CsvSource({"256, 256", "256, 300", "256, -1"})
  void rejectsOverlapsOutOfRange(int size, int overlap) {
    assertThatThrownBy(() -> new ChunkingSettings(size, overlap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chunk overlap must be at least 0 and less than the chunk size (256 tokens), but was "
                + overlap);
  }
}
