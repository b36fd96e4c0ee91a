package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.pipeline.ocr.FakeTesseract;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.PageImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCR's faults seen from outside, on a real {@code intake serve} whose {@code PATH} decides what
 * {@code tesseract} is: none at all (not installed), or {@link FakeTesseract}, which hangs or
 * crashes on every page. Neither needs a real Tesseract. A document whose OCR fails fails alone, at
 * once or within the page's time limit, with a message that says what to do; nothing of a killed
 * Tesseract stays behind; the worker takes the next document.
 */
class OcrFaultsEndToEndTest {
  static final int PAGE_TIMEOUT_SECONDS = 10;

  @TempDir Path dir;

  private Map<String, String> env(int port, String path) {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATA_DIR", dir.resolve("data").toString());
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_RETRY_DELAY", "0.2");
    env.put("INTAKE_OCR_PAGE_TIMEOUT", Integer.toString(PAGE_TIMEOUT_SECONDS));
    env.put("PATH", path);
    return env;
  }

  @Test
  void withoutTesseractImageOnlyDocumentsFailAtOnceSayingHowToEnableOcr() throws IOException {
    Path noTesseract = Files.createDirectories(dir.resolve("bin-without-tesseract"));
    int port = IntakeProcess.freePort();
    ApiClient api = new ApiClient(port);
    try (IntakeProcess server =
        IntakeProcess.start("serve", env(port, noTesseract.toString()), dir.resolve("serve.log"))) {
      server.awaitHealthy(api, Duration.ofSeconds(120));
      JsonNode ocr =
          await()
              .atMost(Duration.ofSeconds(120))
              .until(
                  () -> api.get("/api/v1/health").body().at("/services/ocr"),
                  n -> n.path("status").asText().equals("down"));
      assertThat(ocr.path("reason").asText())
          .isEqualTo(
              "Tesseract is not installed (install the tesseract-ocr package); images and pages"
                  + " without text cannot be read");
      assertThat(api.get("/api/v1/health").body().path("status").asText()).isEqualTo("degraded");

      JsonNode png =
          finished(
              api, upload(api, PageImages.write(dir.resolve("scan.png"), "png", List.of("x"))));
      assertThat(png.path("status").asText()).isEqualTo("failed");
      assertThat(png.path("retry_count").asInt()).as("permanent: not retried").isZero();
      assertThat(png.path("error_message").asText())
          .isEqualTo(
              "The file is an image: reading its text needs OCR, but Tesseract is not installed"
                  + " (install the tesseract-ocr package)");

      Path scanned = PageImages.imageOnlyPdf(dir.resolve("scan.pdf"), List.of(List.of("y")));
      JsonNode pdf = finished(api, upload(api, scanned));
      assertThat(pdf.path("status").asText()).isEqualTo("failed");
      assertThat(pdf.path("retry_count").asInt()).isZero();
      assertThat(pdf.path("error_message").asText())
          .isEqualTo(
              "No extractable text: the page contains only images, and OCR is unavailable:"
                  + " Tesseract is not installed (install the tesseract-ocr package)");

      JsonNode text = finished(api, upload(api, "notes.txt", Documents.textBytes(3, 5)));
      assertThat(text.path("status").asText()).isEqualTo("completed");
    }
  }

  @Test
  void aTesseractThatHangsOrCrashesCostsAtMostThePageLimitAndSaysSo() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    FakeTesseract fake = FakeTesseract.write(bin, FakeTesseract.Behaviour.HANG);
    int port = IntakeProcess.freePort();
    ApiClient api = new ApiClient(port);
    String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    try (IntakeProcess server =
        IntakeProcess.start("serve", env(port, path), dir.resolve("serve.log"))) {
      server.awaitHealthy(api, Duration.ofSeconds(120));

      JsonNode hung = finished(api, upload(api, page("hang.png", "The first page hangs.")));
      assertThat(hung.path("status").asText()).isEqualTo("failed");
      assertThat(hung.path("error_message").asText())
          .isEqualTo(
              "OCR of page 1 stopped after "
                  + PAGE_TIMEOUT_SECONDS
                  + " s (INTAKE_OCR_PAGE_TIMEOUT)");
      assertThat(hung.path("retry_count").asInt()).isZero();
      // The page limit, and the time to parse and answer around it; not the 3,600 s it would hang.
      assertThat(ran(hung)).isLessThan(Duration.ofSeconds(PAGE_TIMEOUT_SECONDS + 30));
      assertThat(fake.lastPid()).as("the fake Tesseract ran").isPresent();
      await().atMost(Duration.ofSeconds(10)).until(() -> !fake.lastIsAlive());

      fake.behave(FakeTesseract.Behaviour.CRASH);
      JsonNode crashed = finished(api, upload(api, page("crash.png", "The second page crashes.")));
      assertThat(crashed.path("status").asText()).isEqualTo("failed");
      assertThat(crashed.path("error_message").asText())
          .isEqualTo("Tesseract crashed on page 1 (signal 11)");

      fake.behave(FakeTesseract.Behaviour.HANG);
      String cancelled = upload(api, page("cancel.png", "The third page is cancelled."));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> api.get("/api/v1/jobs/" + cancelled).body().path("message").asText(),
              "OCR page 1 of 1"::equals);
      await().atMost(Duration.ofSeconds(10)).until(fake::lastIsAlive);
      long hanging = fake.lastPid().orElseThrow();
      assertThat(api.post("/api/v1/jobs/" + cancelled + "/cancel", Map.of()).status())
          .isEqualTo(200);
      assertThat(finished(api, cancelled).path("status").asText()).isEqualTo("cancelled");
      await()
          .atMost(Duration.ofSeconds(10))
          .alias("the Tesseract of the cancelled job is killed with its parser")
          .until(() -> ProcessHandle.of(hanging).map(h -> !h.isAlive()).orElse(true));

      JsonNode text = finished(api, upload(api, "notes.txt", Documents.textBytes(3, 5)));
      assertThat(text.path("status").asText()).isEqualTo("completed");
      assertThat(server.isAlive()).isTrue();
    }
  }

  private Path page(String name, String line) throws IOException {
    return PageImages.write(dir.resolve(name), "png", List.of(line));
  }

  private static String upload(ApiClient api, Path file) throws IOException {
    return upload(api, file.getFileName().toString(), Files.readAllBytes(file));
  }

  private static String upload(ApiClient api, String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(202);
    return r.body().path("job_id").asText();
  }

  private static JsonNode finished(ApiClient api, String jobId) {
    return api.awaitFinished(jobId, Duration.ofMinutes(3));
  }

  private static Duration ran(JsonNode job) {
    return Duration.between(
        Instant.parse(job.path("started_at").asText()),
        Instant.parse(job.path("completed_at").asText()));
  }
}
