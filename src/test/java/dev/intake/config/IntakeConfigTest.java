package dev.intake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.ingest.archive.ArchiveLimits;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeConfigTest {
  @Test
  void defaultsAreSafe() {
    IntakeConfig c = IntakeConfig.from(Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.maxWorkers()).isEqualTo(2);
    assertThat(c.workersAutoStart()).isTrue();
    assertThat(c.maxUploadBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(c.embeddedStore()).isTrue();
    assertThat(c.maxRetries()).isEqualTo(3);
  }

  @Test
  void sandboxAndEdgeSettingsHaveBoundedDefaults() {
    IntakeConfig c = IntakeConfig.from(Map.of());
    assertThat(c.parserHeapMb()).isEqualTo(512);
    assertThat(c.maxChunks()).isEqualTo(20_000);
    assertThat(c.pendingJobsBounded()).isFalse();
    assertThat(c.minFreeDiskBytes()).isEqualTo(100L * 1024 * 1024);
    IntakeConfig set =
        IntakeConfig.from(
            Map.of(
                "INTAKE_MAX_PENDING_JOBS", "50",
                "INTAKE_ALLOWED_HOSTS", " intake.internal , ,10.0.0.5",
                "INTAKE_PARSE_TIMEOUT", "2.5"));
    assertThat(set.pendingJobsBounded()).isTrue();
    assertThat(set.allowedHosts()).containsExactly("intake.internal", "10.0.0.5");
    assertThat(set.parseTimeout()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void secondsMayBeFractional() {
    IntakeConfig c = IntakeConfig.from(Map.of("TASK_PROGRESS_UPDATE_INTERVAL", "0.25"));
    assertThat(c.progressUpdateInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of(
                        "INTAKE_PORT", "http",
                        "TASK_MAX_WORKERS", "-1",
                        "TASK_WORKERS_AUTO_START", "maybe")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).contains("INTAKE_PORT"))
                    .anySatisfy(p -> assertThat(p).contains("TASK_MAX_WORKERS"))
                    .anySatisfy(p -> assertThat(p).contains("TASK_WORKERS_AUTO_START")));
  }

  @Test
  void archiveLimitsHaveBoundedDefaultsAndAreValidated() {
    ArchiveLimits defaults = IntakeConfig.from(Map.of()).archiveLimits();
    assertThat(defaults)
        .isEqualTo(new ArchiveLimits(10_000, 1024L * 1024 * 1024, 100, 100L * 1024 * 1024));
    ArchiveLimits set =
        IntakeConfig.from(
                Map.of(
                    "INTAKE_MAX_ARCHIVE_ENTRIES", "500",
                    "INTAKE_MAX_ARCHIVE_MB", "64",
                    "INTAKE_MAX_ARCHIVE_RATIO", "20",
                    "INTAKE_MAX_UPLOAD_MB", "8"))
            .archiveLimits();
    assertThat(set).isEqualTo(new ArchiveLimits(500, 64L << 20, 20, 8L << 20));
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of(
                        "INTAKE_MAX_ARCHIVE_ENTRIES", "0",
                        "INTAKE_MAX_ARCHIVE_MB", "lots",
                        "INTAKE_MAX_ARCHIVE_RATIO", "1",
                        "INTAKE_MAX_UPLOAD_MB", "0")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .as("each once, the upload limit too")
                    .hasSize(4)
                    .anySatisfy(p -> assertThat(p).contains("INTAKE_MAX_ARCHIVE_ENTRIES"))
                    .anySatisfy(p -> assertThat(p).contains("INTAKE_MAX_ARCHIVE_MB"))
                    .anySatisfy(p -> assertThat(p).contains("INTAKE_MAX_ARCHIVE_RATIO"))
                    .anySatisfy(p -> assertThat(p).contains("INTAKE_MAX_UPLOAD_MB")));
  }

  @Test
  void theRetryBackoffIsCappedWhereTheOperatorSays() {
    assertThat(IntakeConfig.from(Map.of()).retryMaxDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(IntakeConfig.from(Map.of("TASK_RETRY_MAX_DELAY", "30")).retryMaxDelay())
        .isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(
            () -> IntakeConfig.from(Map.of("TASK_RETRY_DELAY", "10", "TASK_RETRY_MAX_DELAY", "5")))
        .hasMessageContaining(
            "TASK_RETRY_MAX_DELAY (5.0 s) cannot be shorter than TASK_RETRY_DELAY");
  }

  @Test
  void ocrIsOnForEnglishWithTwoMinutesAPageByDefault() {
    OcrSettings ocr = IntakeConfig.from(Map.of()).ocr();
    assertThat(ocr.mode()).isEqualTo(OcrMode.AUTO);
    assertThat(ocr.languages()).isEqualTo("eng");
    assertThat(ocr.pageTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(ocr.maxPages()).isEqualTo(1_000);
    OcrSettings set =
        IntakeConfig.from(
                Map.of(
                    "INTAKE_OCR", "Always",
                    "INTAKE_OCR_LANGUAGES", "eng, deu+chi_sim",
                    "INTAKE_OCR_PAGE_TIMEOUT", "30",
                    "INTAKE_OCR_MAX_PAGES", "40"))
            .ocr();
    assertThat(set.maxPages()).isEqualTo(40);
    assertThat(set.mode()).isEqualTo(OcrMode.ALWAYS);
    assertThat(set.languages()).isEqualTo("eng+deu+chi_sim");
    assertThat(set.pageTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(IntakeConfig.from(Map.of("INTAKE_OCR", "off")).ocr().mode()).isEqualTo(OcrMode.OFF);
  }

  @Test
  void badOcrSettingsAreReportedTogether() {
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of(
                        "INTAKE_OCR", "sometimes",
                        "INTAKE_OCR_LANGUAGES", "eng+../../etc",
                        "INTAKE_OCR_PAGE_TIMEOUT", "0",
                        "INTAKE_OCR_MAX_PAGES", "0")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "INTAKE_OCR must be one of auto, off, always (got 'sometimes')",
                        "INTAKE_OCR_LANGUAGES must name Tesseract languages joined by '+', e.g."
                            + " eng+deu (got 'eng+../../etc')",
                        "INTAKE_OCR_PAGE_TIMEOUT must be a number of seconds >= 1.0 (got 0)",
                        "INTAKE_OCR_MAX_PAGES must be between 1 and 1000000 (got 0)"));
  }

  @Test
  void bindingBeyondLoopbackNeedsAnApiKey() {
    assertThatThrownBy(() -> IntakeConfig.from(Map.of("INTAKE_HOST", "0.0.0.0")))
        .hasMessageContaining("INTAKE_API_KEY");
    assertThat(IntakeConfig.from(Map.of("INTAKE_HOST", "0.0.0.0", "INTAKE_API_KEY", "k")).apiKey())
        .isEqualTo("k");
  }

  @Test
  void theInProcessModelIsTheDefaultAndWorkersServeOn8081() {
    IntakeConfig c = IntakeConfig.from(Map.of());
    assertThat(c.embedding().remote()).isFalse();
    assertThat(c.workerPort()).isEqualTo(new WorkerPort(8081, false));
    assertThat(IntakeConfig.from(Map.of("INTAKE_WORKER_PORT", "8081")).workerPort().given())
        .isTrue();
  }

  @Test
  void aRemoteEmbeddingEndpointIsReadWithItsSettings() {
    EmbeddingConfig e =
        IntakeConfig.from(
                Map.of(
                    "INTAKE_EMBEDDING_URL", "http://tei:8080",
                    "INTAKE_EMBEDDING_MODEL", "BAAI/bge-small-en-v1.5",
                    "INTAKE_EMBEDDING_DIMENSIONS", "384",
                    "INTAKE_EMBEDDING_API_KEY", "sk-secret",
                    "INTAKE_EMBEDDING_BATCH_SIZE", "128",
                    "INTAKE_EMBEDDING_TIMEOUT", "2.5",
                    "INTAKE_EMBEDDING_CONCURRENCY", "8"))
            .embedding();
    assertThat(e.remote()).isTrue();
    assertThat(e.url()).hasToString("http://tei:8080");
    assertThat(e.model()).isEqualTo("BAAI/bge-small-en-v1.5");
    assertThat(e.dimensions()).isEqualTo(384);
    assertThat(e.batchSize()).isEqualTo(128);
    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(e.concurrency()).isEqualTo(8);
    assertThat(e.toString()).doesNotContain("sk-secret");
  }

  @Test
  void aRemoteEndpointNeedsItsModelAndLengthAndAUsableUrl() {
    assertThatThrownBy(() -> IntakeConfig.from(Map.of("INTAKE_EMBEDDING_URL", "http://tei:8080")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(2)
                    .anySatisfy(p -> assertThat(p).contains("INTAKE_EMBEDDING_MODEL is required"))
                    .anySatisfy(
                        p -> assertThat(p).contains("INTAKE_EMBEDDING_DIMENSIONS is required")));
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of(
                        "INTAKE_EMBEDDING_URL", "tei:8080",
                        "INTAKE_EMBEDDING_MODEL", "m",
                        "INTAKE_EMBEDDING_DIMENSIONS", "384")))
        .hasMessageContaining("INTAKE_EMBEDDING_URL must be an http:// or https:// URL");
    assertThatThrownBy(
            () ->
                IntakeConfig.from(
                    Map.of(
                        "INTAKE_EMBEDDING_URL", "https://user:pw@api.example.com/v1",
                        "INTAKE_EMBEDDING_MODEL", "m",
                        "INTAKE_EMBEDDING_DIMENSIONS", "384")))
        .hasMessageContaining("no user")
        .hasMessageNotContaining("pw@");
  }

  @Test
  void remoteEmbeddingSettingsWithoutAUrlAreAMistakeNotIgnored() {
    assertThatThrownBy(() -> IntakeConfig.from(Map.of("INTAKE_EMBEDDING_MODEL", "m")))
        .hasMessageContaining("set INTAKE_EMBEDDING_URL too");
  }

  @Test
  void theConfigurationNamesEveryVariableItReads() {
    assertThat(IntakeConfig.variableNames())
        .contains(
            "INTAKE_HOST",
            "TASK_MAX_WORKERS",
            "INTAKE_EMBEDDING_URL",
            "INTAKE_EMBEDDING_CONCURRENCY",
            "INTAKE_WORKER_PORT",
            // read only when a bucket is chosen: still named
            "INTAKE_S3_ENDPOINT",
            "INTAKE_S3_PATH_STYLE",
            "AWS_REGION")
        .doesNotContain("HOME");
  }

  @Test
  void backgroundWorkRunsAtNice19UnlessToldOtherwise() {
    assertThat(IntakeConfig.from(Map.of()).backgroundPriority().niceness()).isEqualTo(0);
    assertThat(IntakeConfig.from(Map.of("INTAKE_BACKGROUND_NICE", "0")).backgroundPriority())
        .isSameAs(dev.intake.os.BackgroundPriority.NORMAL);
    assertThatThrownBy(() -> IntakeConfig.from(Map.of("INTAKE_BACKGROUND_NICE", "20")))
        .hasMessageContaining("INTAKE_BACKGROUND_NICE");
  }
}
