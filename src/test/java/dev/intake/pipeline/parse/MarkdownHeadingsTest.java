package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownHeadingsTest {

  @Test
  void atxHeadingsGiveLevelTitleAndLineStart() {
    String text = "# 1 Intro\n\nHello.\n\n## 1.1 Scope ##\n\nText.\n###### Six\n";
    assertThat(MarkdownHeadings.find(text))
        .containsExactly(
            new Heading(1, "1 Intro", 0),
            new Heading(2, "1.1 Scope", text.indexOf("## 1.1")),
            new Heading(6, "Six", text.indexOf("######")));
  }

  @Test
  void setextUnderlinesMakeLevelOneAndTwo() {
    String text = "Guide\n=====\n\nSome text.\n\nDetails\n-------\nMore.";
    assertThat(MarkdownHeadings.find(text))
        .containsExactly(
            new Heading(1, "Guide", 0), new Heading(2, "Details", text.indexOf("Details")));
  }

  @Test
  void codeFencesIndentedCodeAndHashtagsAreNotHeadings() {
    String text =
        "```\n# not a heading\n```\n    # indented code\n#hashtag\n####### seven\n- item\n---\n"
            + "# C#\n";
    assertThat(MarkdownHeadings.find(text))
        .containsExactly(new Heading(1, "C#", text.indexOf("# C#")));
  }

  @Test
  void markdownIsKnownByTypeOrName() {
    assertThat(MarkdownHeadings.isMarkdown("text/x-web-markdown", "notes.txt")).isTrue();
    assertThat(MarkdownHeadings.isMarkdown("text/plain", "README.MD")).isTrue();
    assertThat(MarkdownHeadings.isMarkdown("text/plain", "notes.txt")).isFalse();
  }
}
