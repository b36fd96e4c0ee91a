package dev.intake.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.Documents;
import dev.intake.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium against a real node (SQLite, no key, one worker): uploads
 * followed live, failures and retry, cancel, a directory batch, search, documents and workers;
 * every page at 1280×800 and 390×844, named controls, contrast and no console errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
  @TempDir static Path tmp;
  IntakeNode node;
  ApiClient api;
  DashboardBrowser browser;
  Tab tab;
  Path allowed;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.launch();
    allowed = Files.createDirectories(tmp.resolve("allowed"));
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("TASK_MAX_WORKERS", "1");
    vars.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    node = TestNode.serve(vars);
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void closeTab() {
    if (tab != null) {
      try {
        tab.assertNoConsoleErrors();
      } finally {
        tab.close();
        tab = null;
      }
    }
  }

  private Tab open(Tab.Viewport viewport) {
    tab = browser.open("http://127.0.0.1:" + node.port(), viewport);
    return tab;
  }

  private JsonNode uploadAndWait(String name, byte[] bytes) {
    ApiClient.Response r = api.upload(name, bytes, Map.of());
    assertThat(r.status()).as(r.body().toString()).isIn(200, 202);
    return api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(3));
  }

  /** Records every value the named progress bar takes, from now on, in the page. */
  private static void recordProgress(Page page, String label) {
    page.evaluate(
        "label => { window.__seen = []; const look = () => {"
            + " for (const b of document.querySelectorAll('[role=progressbar]')) {"
            + "  if (b.getAttribute('aria-label') === label) { const v = b.getAttribute('aria-valuenow');"
            + "   if (window.__seen[window.__seen.length - 1] !== v) window.__seen.push(v); } } };"
            + " new MutationObserver(look).observe(document.body,"
            + " { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] }); }",
        label);
  }

  @SuppressWarnings("unchecked")
  private static List<String> recorded(Page page) {
    return (List<String>) page.evaluate("() => window.__seen");
  }

  // ---- acceptance 1

  @Test
  void anUploadedMultiPagePdfIsFollowedLiveToCompletedWithoutAReload() throws Exception {
    Path pdf = TestPdfs.write(tmp.resolve("annual-report.pdf"), 24, 7, 3, "zephyrine");
    Page page = open(Tab.Viewport.DESKTOP).go("#/upload").page;
    page.evaluate("() => { window.__sameDocument = true; }");
    recordProgress(page, "Progress of annual-report.pdf");
    page.setInputFiles("#upload-files", pdf);
    Locator row = page.locator("tr", new Page.LocatorOptions().setHasText("annual-report.pdf"));
    assertThat(row).isVisible();
    assertThat(row.locator(".badge")).hasText("completed", timeout(180));
    List<String> values = recorded(page);
    assertThat(values).as("values of the progress bar while the job ran").contains("100");
    assertThat(values.stream().distinct().count())
        .as("distinct values of the progress bar: %s", values)
        .isGreaterThanOrEqualTo(4);
    assertThat(page.evaluate("() => window.__sameDocument")).as("no reload").isEqualTo(true);
    assertThat(row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("document")))
        .isVisible();
    tab.screenshot("upload");
  }

  // ---- acceptance 2

  @Test
  void anEncryptedPdfShowsFailedWithItsReasonAndRetryQueuesItAgain() throws Exception {
    Path encrypted = Corpus.pdfSamples().resolve("libreoffice-writer-password.pdf");
    Page page = open(Tab.Viewport.DESKTOP).go("#/upload").page;
    page.setInputFiles("#upload-files", encrypted);
    Locator row =
        page.locator("tr", new Page.LocatorOptions().setHasText("libreoffice-writer-password.pdf"));
    assertThat(row.locator(".badge")).hasText("failed", timeout(120));
    assertThat(row).containsText("PDF is encrypted; a password is required");
    String jobId = row.getByRole(AriaRole.LINK).first().getAttribute("href").replace("#/jobs/", "");

    tab.go("#/dead-letters");
    Locator dead = page.locator("tr[data-job-id='" + jobId + "']");
    assertThat(dead).containsText("PDF is encrypted; a password is required");
    tab.screenshot("dead-letters");
    dead.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retry libreoffice"))
        .click();
    assertThat(
            page.getByRole(AriaRole.STATUS)
                .filter(new Locator.FilterOptions().setHasText("Queued again")))
        .containsText("1 of 1");
    JsonNode history = api.get("/api/v1/jobs/" + jobId + "/history").body();
    assertThat(history.toString()).contains("Queued again on request");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                api.get("/api/v1/jobs/" + jobId + "/history").body().path("attempts").size() == 2);
  }

  // ---- acceptance 3

  @Test
  void aRunningJobIsCancelledFromTheJobsPage() {
    ApiClient.Response r = api.upload("long-handbook.txt", Documents.textBytes(99, 1500), Map.of());
    String jobId = r.body().path("job_id").asText();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                api.get("/api/v1/jobs/" + jobId)
                    .body()
                    .path("status")
                    .asText()
                    .equals("processing"));
    Page page = open(Tab.Viewport.DESKTOP).go("#/jobs").page;
    Locator row = page.locator("tr[data-job-id='" + jobId + "']");
    assertThat(row.locator(".badge")).hasText("processing");
    tab.screenshot("jobs");
    row.getByRole(
            AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel long-handbook.txt"))
        .click();
    assertThat(row.locator(".badge")).hasText("cancelled", timeout(60));
    assertThat(api.get("/api/v1/jobs/" + jobId).body().path("status").asText())
        .isEqualTo("cancelled");
  }

  // ---- acceptance 4

  @Test
  void aDirectoryBatchShowsItsChildrenCountsMoving() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("handbooks"));
    for (int i = 0; i < 6; i++) {
      Files.write(dir.resolve("chapter-" + i + ".txt"), Documents.textBytes(300 + i, 60));
    }
    Page page = open(Tab.Viewport.DESKTOP).go("#/upload").page;
    page.getByLabel("Directory on the server").fill(dir.toString());
    page.getByLabel("File patterns").fill("*.txt");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ingest directory"))
        .click();
    Locator follow =
        page.getByRole(
            AriaRole.LINK,
            new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("Follow batch")));
    assertThat(page.getByRole(AriaRole.STATUS)).containsText("6 files found");
    follow.click();
    page.locator("[data-count=completed] .value").waitFor();
    page.evaluate(
        "() => { window.__counts = []; const look = () => { const el = document.querySelector('[data-count=completed] .value');"
            + " if (el && window.__counts[window.__counts.length - 1] !== el.textContent) window.__counts.push(el.textContent); };"
            + " look(); new MutationObserver(look).observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true }); }");
    assertThat(page.locator("[data-count=completed] .value")).hasText("6", timeout(180));
    @SuppressWarnings("unchecked")
    List<String> counts = (List<String>) page.evaluate("() => window.__counts");
    assertThat(counts).as("completed counts seen").contains("6");
    assertThat(counts.stream().filter(c -> !c.equals("0") && !c.equals("6")).count())
        .as("intermediate completed counts seen: %s", counts)
        .isGreaterThanOrEqualTo(1);
    assertThat(page.locator("h1")).containsText("directory batch");
    tab.screenshot("job-batch");
  }

  // ---- acceptance 5

  @Test
  void aSearchShowsTheUploadedDocumentsHitWithItsPage() throws Exception {
    Path pdf = TestPdfs.write(tmp.resolve("field-guide.pdf"), 5, 11, 4, "quetzalcoatlus");
    JsonNode job = uploadAndWait("field-guide.pdf", Files.readAllBytes(pdf));
    assertThat(job.path("status").asText()).isEqualTo("completed");
    Page page = open(Tab.Viewport.DESKTOP).go("#/search").page;
    page.getByLabel("Query").fill("quetzalcoatlus");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    Locator hit = page.locator("article.hit").first();
    assertThat(hit).containsText("field-guide.pdf");
    // the page of the marker, alone or as the end or start of the hit's span
    assertThat(hit.locator(".muted"))
        .containsText(java.util.regex.Pattern.compile("pages? (4\\b|\\d+–4\\b|4–)"));
    assertThat(hit.locator("mark").first()).hasText("quetzalcoatlus");
    tab.screenshot("search");
    // narrowed to one document, a common word finds only that document's passages
    uploadAndWait("other-guide.txt", Documents.textBytes(12, 20));
    page.getByLabel("Document")
        .selectOption(
            new com.microsoft.playwright.options.SelectOption().setLabel("field-guide.pdf"));
    page.getByLabel("Query").fill("worker garden");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    assertThat(page.locator("#search-results")).containsText("results");
    assertThat(page.locator("article.hit h3")).not().hasCount(0);
    for (String name : page.locator("article.hit h3").allTextContents()) {
      assertThat(name).isEqualTo("field-guide.pdf");
    }
  }

  // ---- the other pages

  @Test
  void documentsAreFoundByNameShownWithTheirChunksReprocessedAndDeletedAfterConfirming()
      throws Exception {
    JsonNode job = uploadAndWait("orchard-notes.txt", Documents.textBytes(4242, 30));
    String doc = job.path("document_id").asText();
    Page page = open(Tab.Viewport.DESKTOP).go("#/documents").page;
    page.getByLabel("Search by name").fill("ORCHARD");
    Locator link =
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("orchard-notes.txt"));
    assertThat(link).isVisible();
    tab.screenshot("documents");
    link.click();
    assertThat(page.locator("h1")).hasText("orchard-notes.txt");
    assertThat(page.locator("article.chunk").first()).containsText("Chunk 0");
    assertThat(page.locator("article.chunk").first()).containsText("page 1");
    tab.screenshot("document");
    page.getByLabel("New chunk size (tokens)").fill("128");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reprocess")).click();
    assertThat(page.getByRole(AriaRole.STATUS)).containsText("Reprocessing is queued");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                api.get("/api/v1/documents/" + doc).body().path("chunk_count").asInt()
                    > job.path("result").path("chunk_count").asInt());
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete document…"))
        .click();
    Locator dialog = page.getByRole(AriaRole.DIALOG);
    assertThat(dialog).containsText("Delete orchard-notes.txt?");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Keep it")).click();
    assertThat(api.get("/api/v1/documents/" + doc).status()).isEqualTo(200);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete document…"))
        .click();
    dialog
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete for good"))
        .click();
    // the page leaves the document (whose own address also starts with #/documents) once the
    // DELETE has answered
    page.waitForURL(Pattern.compile("#/documents$"));
    assertThat(api.get("/api/v1/documents/" + doc).status()).isEqualTo(404);
  }

  @Test
  void theOverviewShowsQueueThroughputTimesWorkersFailuresAndHealth() {
    uploadAndWait("overview-sample.txt", Documents.textBytes(77, 5));
    Page page = open(Tab.Viewport.DESKTOP).go("#/").page;
    assertThat(
            page.getByRole(
                AriaRole.IMG,
                new Page.GetByRoleOptions()
                    .setName(java.util.regex.Pattern.compile("Jobs per minute"))))
        .isVisible();
    assertThat(page.locator("section[aria-labelledby=ov-queue]")).containsText("High");
    assertThat(page.locator("section[aria-labelledby=ov-times]")).containsText("Median");
    assertThat(page.locator("section[aria-labelledby=ov-health]")).containsText("database");
    assertThat(page.locator("section[aria-labelledby=ov-health]")).containsText("parser");
    assertThat(page.locator("section[aria-labelledby=ov-workers]")).containsText("1 live");
    tab.screenshot("overview");
  }

  @Test
  void theWorkersPageListsTheWorkerAndStopsAndStartsThePool() {
    Page page = open(Tab.Viewport.DESKTOP).go("#/workers").page;
    Locator rows = page.locator("tbody tr");
    assertThat(rows.first()).containsText("serve");
    tab.screenshot("workers");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop workers")).click();
    assertThat(page.locator("section[aria-labelledby=w-pool] .badge"))
        .hasText("stopped", timeout(60));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start workers")).click();
    assertThat(page.locator("section[aria-labelledby=w-pool] .badge"))
        .hasText("running", timeout(60));
  }

  @Test
  void droppedFilesGetARowEachAndSelectedJobsAreCancelledAndRetriedTogether() {
    assertThat(api.post("/api/v1/workers/stop", Map.of()).status()).isIn(200, 202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api.get("/api/v1/health/workers").body().path("pool").asText().equals("stopped"));
    try {
      dropAndSelect();
    } finally {
      assertThat(api.post("/api/v1/workers/start", Map.of()).status()).isIn(200, 409);
    }
  }

  private void dropAndSelect() {
    Page page = open(Tab.Viewport.DESKTOP).go("#/upload").page;
    // a drop of three files, as a person's drag would deliver it
    page.evaluate(
        "() => { const dt = new DataTransfer();"
            + " for (const n of ['drop-a.txt', 'drop-b.txt', 'drop-c.txt'])"
            + "  dt.items.add(new File(['The ' + n + ' note talks about the orchard and its ladders.'], n, { type: 'text/plain' }));"
            + " document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })); }");
    for (String n : List.of("drop-a.txt", "drop-b.txt", "drop-c.txt")) {
      assertThat(page.locator("tr", new Page.LocatorOptions().setHasText(n)).locator(".badge"))
          .hasText("pending");
    }
    tab.go("#/jobs?status=pending");
    assertThat(page.locator("tbody tr[data-job-id]")).hasCount(3);
    page.getByLabel("Select all on this page").check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel selected (3)"))
        .click();
    assertThat(
            page.getByRole(AriaRole.STATUS)
                .filter(new Locator.FilterOptions().setHasText("Cancelled:")))
        .containsText("3 of 3");
    assertThat(page.locator("tbody")).containsText("No job matches these filters.");
    tab.go("#/jobs?status=cancelled");
    for (String n : List.of("drop-a.txt", "drop-b.txt")) {
      // Playwright hands the pattern to JavaScript, which has no \\Q…\\E quoting
      page.getByLabel(java.util.regex.Pattern.compile("^Select " + n.replace(".", "\\.") + " \\("))
          .check();
    }
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry selected (2)"))
        .click();
    assertThat(
            page.getByRole(AriaRole.STATUS)
                .filter(new Locator.FilterOptions().setHasText("Queued again:")))
        .containsText("2 of 2");
    assertThat(api.get("/api/v1/jobs?status=pending").body().path("total").asInt()).isEqualTo(2);
  }

  @Test
  void theJobPageShowsTimelineAttemptsResultAndTheDocumentInTheBrowsersZone() {
    JsonNode job = uploadAndWait("zoned.txt", Documents.textBytes(5150, 2));
    Page page = open(Tab.Viewport.PHONE).go("#/jobs/" + job.path("job_id").asText()).page;
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("zoned.txt")))
        .hasAttribute("href", "#/documents/" + job.path("document_id").asText());
    assertThat(page.locator("ol.timeline li").first()).containsText("pending");
    assertThat(page.locator("ol.timeline")).containsText("embedding");
    assertThat(page.locator("section[aria-labelledby=job-attempts] tbody"))
        .containsText(job.path("worker_id").asText());
    assertThat(page.locator("section[aria-labelledby=job-result]")).containsText("Chunks");
    Locator created = page.locator("dl.facts time").first();
    assertThat(created).not().hasText("—");
    String iso = created.getAttribute("datetime");
    String kolkata =
        DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.of("Asia/Kolkata"))
            .format(Instant.parse(iso));
    assertThat(created.textContent()).contains(kolkata);
  }

  // ---- quality

  private static final List<String> PAGES =
      List.of("#/", "#/jobs", "#/upload", "#/dead-letters", "#/documents", "#/search", "#/workers");

  @Test
  void everyPageNamesItsControlsAndPassesContrastAtBothSizes() {
    JsonNode job = uploadAndWait("a11y.txt", Documents.textBytes(8080, 3));
    List<String> routes = new java.util.ArrayList<>(PAGES);
    routes.add("#/jobs/" + job.path("job_id").asText());
    routes.add("#/documents/" + job.path("document_id").asText());
    for (Tab.Viewport v : List.of(Tab.Viewport.DESKTOP, Tab.Viewport.PHONE)) {
      open(v);
      for (String route : routes) {
        tab.go(route);
        tab.page.waitForLoadState();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> tab.page.locator("main .loading").count() == 0);
        assertThat(tab.unnamedControls()).as("unnamed controls on %s at %s", route, v).isEmpty();
        assertThat(tab.lowContrastText()).as("low-contrast text on %s at %s", route, v).isEmpty();
        assertThat(tab.overflowsHorizontally()).as("%s at %s scrolls sideways", route, v).isFalse();
        if (v == Tab.Viewport.PHONE && route.equals("#/jobs")) {
          tab.screenshot("jobs-phone");
        }
      }
      tab.assertNoConsoleErrors();
      tab.close();
      tab = null;
    }
  }

  @Test
  void theKeyboardReachesEveryPageAndShowsWhereItIs() {
    Page page = open(Tab.Viewport.DESKTOP).go("#/").page;
    page.keyboard().press("Tab");
    assertThat(page.locator(":focus")).hasText("Skip to content");
    page.keyboard().press("Enter");
    assertThat(page.locator("main")).isFocused();
    // From the top: brand, then the navigation's links in order.
    page.locator("a.brand").focus();
    for (String name :
        List.of("Overview", "Jobs", "Upload", "Dead letters", "Documents", "Search", "Workers")) {
      page.keyboard().press("Tab");
      Locator focused = page.locator(":focus");
      assertThat(focused).hasText(name);
      assertThat(focused.evaluate("e => getComputedStyle(e).outlineStyle")).isNotEqualTo("none");
    }
    page.keyboard().press("Shift+Tab");
    assertThat(page.locator(":focus")).hasText("Search");
    page.keyboard().press("Enter");
    assertThat(page.locator("main h1")).hasText("Search");
    assertThat(
            page.getByRole(
                AriaRole.LINK, new Page.GetByRoleOptions().setName("Search").setExact(true)))
        .hasAttribute("aria-current", "page");
    page.getByLabel("Query").focus();
    page.keyboard().type("worker");
    page.keyboard().press("Enter");
    assertThat(page.locator("#search-results")).containsText("result");
  }

  private static com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions timeout(
      int seconds) {
    return new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
        .setTimeout(seconds * 1000.0);
  }
}
