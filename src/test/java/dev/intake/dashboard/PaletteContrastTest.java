package dev.intake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's palette (the custom properties of {@code app.css}) meets WCAG AA: 4.5:1 for every
 * pair of text and background colour the stylesheet uses, 3:1 for bars and focus rings against what
 * is around them. The browser tests check the rendered pages as well.
 */
class PaletteContrastTest {
  /** Text colour, background colour: each pair the stylesheet puts together. */
  static final List<String[]> TEXT_PAIRS =
      List.of(
          pair("text", "bg"),
          pair("text", "surface"),
          pair("muted", "bg"),
          pair("muted", "surface"),
          pair("accent", "bg"),
          pair("accent", "surface"),
          pair("accent-text", "accent"),
          pair("run-text", "accent-soft"),
          pair("ok-text", "ok-bg"),
          pair("bad-text", "bad-bg"),
          pair("bad-text", "surface"),
          pair("run-text", "run-bg"),
          pair("wait-text", "wait-bg"),
          pair("off-text", "off-bg"),
          pair("text", "off-bg"),
          pair("danger-text", "danger"),
          pair("banner-text", "banner-bg"),
          pair("mark-text", "mark-bg"),
          pair("accent", "accent-soft"));

  /** Non-text parts (WCAG 1.4.11): 3:1 against their surroundings. */
  static final List<String[]> PART_PAIRS =
      List.of(
          pair("bar", "track"),
          pair("bar-done", "track"),
          pair("bar-failed", "track"),
          pair("focus", "surface"),
          pair("focus", "bg"),
          pair("muted", "surface")); // field borders

  private static String[] pair(String fg, String bg) {
    return new String[] {fg, bg};
  }

  @Test
  void everyTextColourMeetsAaOnItsBackground() throws IOException {
    Map<String, String> palette = palette();
    for (String[] p : TEXT_PAIRS) {
      double ratio = contrast(palette.get(p[0]), palette.get(p[1]));
      assertThat(ratio).as("--%s on --%s", p[0], p[1]).isGreaterThanOrEqualTo(4.5);
    }
    for (String[] p : PART_PAIRS) {
      double ratio = contrast(palette.get(p[0]), palette.get(p[1]));
      assertThat(ratio).as("--%s against --%s", p[0], p[1]).isGreaterThanOrEqualTo(3.0);
    }
  }

  @Test
  void theContrastFormulaIsWcags() {
    assertThat(contrast("#000000", "#ffffff"))
        .isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(contrast("#777777", "#ffffff"))
        .isCloseTo(4.48, org.assertj.core.data.Offset.offset(0.01));
  }

  static Map<String, String> palette() throws IOException {
    String css;
    try (InputStream in = PaletteContrastTest.class.getResourceAsStream(Assets.ROOT + "app.css")) {
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String root = css.substring(css.indexOf(":root"), css.indexOf('}', css.indexOf(":root")));
    Map<String, String> colours = new HashMap<>();
    Matcher m = Pattern.compile("--([a-z-]+):\\s*(#[0-9a-fA-F]{6})").matcher(root);
    while (m.find()) {
      colours.put(m.group(1), m.group(2));
    }
    assertThat(colours).hasSizeGreaterThan(20);
    return colours;
  }

  static double contrast(String a, String b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(String hex) {
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
}
