package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The language told from a document's text, and the cases where none is. */
class TextLanguageTest {

  static final String ENGLISH =
      "The committee met on Tuesday to review the proposal for the new library. Most members"
          + " agreed that the building should stay open longer in the evenings, because students"
          + " and workers cannot come during the day. The budget will be discussed again next"
          + " month, after the city has published its figures for the coming year.";

  static final String GERMAN =
      "Der Ausschuss traf sich am Dienstag, um den Vorschlag für die neue Bibliothek zu prüfen."
          + " Die meisten Mitglieder waren sich einig, dass das Gebäude abends länger geöffnet"
          + " bleiben sollte, weil Studenten und Berufstätige tagsüber nicht kommen können. Über"
          + " den Haushalt wird im nächsten Monat erneut beraten, nachdem die Stadt ihre Zahlen"
          + " veröffentlicht hat.";

  static final String FRENCH =
      "Le comité s'est réuni mardi pour examiner la proposition de nouvelle bibliothèque. La"
          + " plupart des membres ont convenu que le bâtiment devrait rester ouvert plus tard le"
          + " soir, car les étudiants et les travailleurs ne peuvent pas venir pendant la journée."
          + " Le budget sera de nouveau discuté le mois prochain, après la publication des"
          + " chiffres de la ville.";

  @Test
  void paragraphsGetTheirLanguage() {
    assertThat(TextLanguage.detect(ENGLISH)).isEqualTo("en");
    assertThat(TextLanguage.detect(GERMAN)).isEqualTo("de");
    assertThat(TextLanguage.detect(FRENCH)).isEqualTo("fr");
  }

  @Test
  void aLongTextIsToldByItsFirstCharacters() {
    String text = ENGLISH.repeat(2_000 / ENGLISH.length() * 20);
    assertThat(text.length()).isGreaterThan(TextLanguage.SAMPLE_CHARS);
    assertThat(TextLanguage.detect(text + GERMAN.repeat(200))).isEqualTo("en");
  }

  @Test
  void tooFewLettersGiveNoLanguage() {
    String sentence = "The committee met on Tuesday to review the proposal.";
    assertThat(TextLanguage.letters(sentence)).isLessThan(TextLanguage.MIN_LETTERS);
    assertThat(TextLanguage.detect(sentence)).isNull();
    assertThat(TextLanguage.detect("")).isNull();
  }

  @Test
  void numbersAndSymbolsGiveNoLanguage() {
    StringBuilder figures = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      figures
          .append(i * 37 % 1000)
          .append(i % 3 == 0 ? " | " : ", ")
          .append(i % 7 == 0 ? "\n" : "");
    }
    assertThat(TextLanguage.detect(figures)).isNull();
  }

  @Test
  void textMixingTwoLanguagesEvenlyGivesNoGuess() {
    StringBuilder mixed = new StringBuilder();
    String[] en = ENGLISH.split("(?<=\\.) ");
    String[] de = GERMAN.split("(?<=\\.) ");
    for (int i = 0; i < Math.min(en.length, de.length); i++) {
      mixed.append(en[i]).append(' ').append(de[i]).append(' ');
    }
    assertThat(TextLanguage.letters(mixed)).isGreaterThan(TextLanguage.MIN_LETTERS);
    assertThat(TextLanguage.detect(mixed)).isNull();
  }

  @Test
  void encodedDataAndAddressesAreNotWords() {
    // The detector alone calls a 20,000-letter run Maltese, after seconds in its address filter.
    assertThat(TextLanguage.detect("x".repeat(TextLanguage.SAMPLE_CHARS))).isNull();
    String base64 = "QmFzZTY0IGRhdGEgaXMgbm90IGEgbGFuZ3VhZ2UgYXQgYWxs".repeat(8);
    String links = "https://example.org/Seite/Kapitel/Abschnitt anna.schmidt@example.de ";
    assertThat(TextLanguage.detect((base64 + "\n" + links.repeat(20)).repeat(10))).isNull();
    assertThat(
            TextLanguage.words("see https://example.org or www.example.org, mail a@b.c " + base64))
        .isEqualTo("see or mail");
    assertThat(TextLanguage.detect(links.repeat(20) + ENGLISH)).isEqualTo("en");
  }

  @Test
  void aSmallHeapLoadsNoProfiles() {
    assertThat(TextLanguage.detect(ENGLISH, TextLanguage.MIN_HEAP_MB - 1)).isNull();
    assertThat(TextLanguage.detect(ENGLISH, TextLanguage.MIN_HEAP_MB)).isEqualTo("en");
  }
}
