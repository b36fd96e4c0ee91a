package dev.intake.pipeline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.intake.pipeline.index.ReciprocalRankFusion.Fused;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

  @Test
  void sumsReciprocalRanksAcrossRankings() {
    List<Fused<String>> fused =
        ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("c", "a")), 10);

    assertThat(fused).extracting(Fused::item).containsExactly("a", "c", "b");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
    assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
  }

  @Test
  void breaksTiesByNaturalOrderAndHonoursTheLimit() {
    List<Fused<String>> fused =
        ReciprocalRankFusion.fuse(List.of(List.of("z", "y"), List.of("y", "z"), List.of()), 1);

    assertThat(fused).extracting(Fused::item).containsExactly("y");
  }
}
