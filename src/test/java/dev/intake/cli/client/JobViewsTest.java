package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Job progress, the live displays and the job tables, from hand-written server answers. */
class JobViewsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-15T10:31:00Z");

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void percentOfASingleJobIsItsProgressAndOfABatchItsFinishedChildren() {
    assertThat(JobProgress.percent(json("{'status':'processing','progress':65.5}")))
        .isEqualTo(65.5);
    assertThat(JobProgress.percent(json("{'status':'completed','progress':99}"))).isEqualTo(100.0);
    JsonNode batch =
        json(
            "{'status':'processing','progress':0,'children':{'total':8,'pending':2,'processing':2,"
                + "'completed':3,'failed':1,'cancelled':0}}");
    assertThat(JobProgress.percent(batch)).isEqualTo(50.0);
    assertThat(JobProgress.state(batch)).isEqualTo("processing (3 done, 1 failed of 8)");
  }

  @Test
  void statesReadLikeSentences() {
    assertThat(JobProgress.state(json("{'status':'processing','stage':'embedding'}")))
        .isEqualTo("embedding");
    assertThat(JobProgress.state(json("{'status':'processing','stage':null}")))
        .isEqualTo("processing");
    assertThat(JobProgress.state(json("{'status':'retrying','retry_count':1,'max_retries':3}")))
        .isEqualTo("retrying (retry 1 of 3)");
    assertThat(JobProgress.state(json("{'status':'failed','error_message':'The file is empty'}")))
        .isEqualTo("failed: The file is empty");
  }

  @Test
  void liveLinesLineUpTheirBars() {
    List<String> lines =
        AnsiProgressDisplay.render(
            List.of(
                new ProgressDisplay.Item("a.txt", json("{'status':'pending','progress':0}")),
                new ProgressDisplay.Item(
                    "longer.pdf",
                    json("{'status':'processing','stage':'embedding','progress':65.5}"))),
            120);
    assertThat(lines.get(0)).startsWith("a.txt       [---").endsWith("  0.0%  pending");
    assertThat(lines.get(1)).startsWith("longer.pdf  [###").endsWith(" 65.5%  embedding");
    assertThat(lines.get(0).indexOf('[')).isEqualTo(lines.get(1).indexOf('['));
  }

  @Test
  void ansiRedrawMovesBackOverThePreviousBlock() {
    assertThat(AnsiProgressDisplay.redraw(0, List.of("a", "b"))).isEqualTo("\033[2Ka\n\033[2Kb\n");
    assertThat(AnsiProgressDisplay.redraw(2, List.of("a", "b")))
        .isEqualTo("\033[2F\033[2Ka\n\033[2Kb\n");
  }

  @Test
  void ansiRedrawClearsWhatIsLeftWhenTheBlockShrinks() {
    assertThat(AnsiProgressDisplay.redraw(3, List.of("a"))).isEqualTo("\033[3F\033[2Ka\n\033[J");
  }

  @Test
  void liveLinesFitTheTerminal() {
    List<String> lines =
        AnsiProgressDisplay.render(
            List.of(
                new ProgressDisplay.Item(
                    "a.txt",
                    json("{'status':'failed','error_message':'" + "x".repeat(200) + "'}"))),
            80);
    assertThat(lines.get(0)).hasSize(79).endsWith("x…");
  }

  @Test
  void manyJobsShowTheUnfinishedOnesAndACount() {
    List<ProgressDisplay.Item> items = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String state = i < 15 ? "{'status':'completed'}" : "{'status':'pending','progress':0}";
      items.add(new ProgressDisplay.Item("f" + i, json(state)));
    }
    List<String> lines = AnsiProgressDisplay.render(items, 120);
    assertThat(lines).hasSize(AnsiProgressDisplay.MAX_ROWS);
    assertThat(lines.subList(0, 5)).allMatch(l -> l.endsWith("pending"));
    assertThat(lines.get(0)).startsWith("f15 ");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("… and 9 more; 15 of 20 finished");
  }

  @Test
  void ansiDisplayDrawsOnlyWhenSomethingChanged() {
    StringWriter out = new StringWriter();
    AnsiProgressDisplay display = new AnsiProgressDisplay(new PrintWriter(out), 120);
    JsonNode job = json("{'status':'processing','stage':'parsing','progress':10}");
    display.show(List.of(new ProgressDisplay.Item("a", job)));
    display.show(List.of(new ProgressDisplay.Item("a", job)));
    display.show(List.of(new ProgressDisplay.Item("a", json("{'status':'completed'}"))));
    assertThat(out.toString().split("\033\\[2K")).hasSize(3); // two drawings
    assertThat(out.toString()).contains("\033[1F").endsWith("100.0%  completed\n");
  }

  @Test
  void plainDisplayPrintsOneLinePerStageOrTenPercentStep() {
    StringWriter out = new StringWriter();
    PlainProgressDisplay display = new PlainProgressDisplay(new PrintWriter(out));
    for (String state :
        new String[] {
          "{'status':'pending','progress':0}",
          "{'status':'pending','progress':0}",
          "{'status':'processing','stage':'parsing','progress':3}",
          "{'status':'processing','stage':'parsing','progress':7}",
          "{'status':'processing','stage':'embedding','progress':41}",
          "{'status':'processing','stage':'embedding','progress':49.9}",
          "{'status':'processing','stage':'embedding','progress':50}",
          "{'status':'completed','progress':100}"
        }) {
      display.show(List.of(new ProgressDisplay.Item("a.txt", json(state))));
    }
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "a.txt: pending 0%",
            "a.txt: parsing 3%",
            "a.txt: embedding 41%",
            "a.txt: embedding 50%",
            "a.txt: completed");
  }

  @Test
  void uploadsNameJobAndDocumentAndFlagDuplicates() {
    String text =
        JobViews.uploads(
            List.of("a.txt", "b.txt"),
            List.of(
                json("{'job_id':'j1','document_id':'d1','status':'pending'}"),
                json("{'job_id':'j0','document_id':'d0','status':'completed','duplicate':true}")));
    assertThat(text.lines().toList())
        .containsExactly(
            "FILE   JOB  DOCUMENT  STATUS",
            "a.txt  j1   d1        queued (pending)",
            "b.txt  j0   d0        duplicate of document d0",
            "Identical content was already ingested; use --force to ingest it again.");
  }

  @Test
  void summaryShowsTimesChunksErrorsAndCounts() {
    String text =
        JobViews.summary(
            List.of("a.txt", "empty.txt"),
            List.of(
                json(
                    "{'job_id':'j1','status':'completed','result':{'chunk_count':12,"
                        + "'duration_seconds':65}}"),
                json(
                    "{'job_id':'j2','status':'failed','error_message':'The file is empty',"
                        + "'started_at':'2026-01-15T10:30:00Z','completed_at':'2026-01-15T10:30:02Z'}")),
            NOW);
    assertThat(text.lines().toList())
        .containsExactly(
            "FILE       JOB  STATUS       TIME  CHUNKS  DETAIL",
            "a.txt      j1   completed  1m 05s      12",
            "empty.txt  j2   failed       2.0s       -  The file is empty",
            "1 completed, 1 failed");
  }

  @Test
  void listShowsOneRowPerJobAndTheTotal() {
    String text =
        JobViews.list(
            json(
                "{'total':7,'jobs':[{'job_id':'j1','task_type':'single_document','priority':'high',"
                    + "'status':'processing','stage':'chunking','progress':42.25,"
                    + "'created_at':'2026-01-15T10:30:00Z'}]}"));
    assertThat(text.lines().toList())
        .containsExactly(
            "JOB  TYPE             PRIORITY  STATUS      STAGE     PROGRESS  CREATED",
            "j1   single_document  high      processing  chunking     42.3%  2026-01-15T10:30:00Z",
            "1 of 7 jobs");
    assertThat(JobViews.list(json("{'total':0,'jobs':[]}"))).isEqualTo("No jobs.\n");
  }

  @Test
  void detailShowsErrorRetriesWorkerAndResult() {
    String text =
        JobViews.detail(
            json(
                "{'job_id':'j1','task_type':'single_document','priority':'low','status':'failed',"
                    + "'progress':20,'retry_count':2,'max_retries':3,'error_message':'boom',"
                    + "'worker_id':'w-7','started_at':'2026-01-15T10:30:00Z',"
                    + "'result':{'pages':3,'documents':[1,2]}}"),
            NOW);
    assertThat(text)
        .contains("Status      failed: boom\n")
        .contains("Error       boom\n")
        .contains("Retries     2 of 3 allowed\n")
        .contains("Worker      w-7\n")
        .contains("Parent job  -\n")
        .contains("Result\n  pages      3\n  documents  2 items\n")
        .doesNotContain("Children");
  }

  @Test
  void batchListsEveryFileWithItsOutcome() {
    String text =
        JobViews.batch(
            json(
                "{'job_id':'b1','status':'completed','children':{'total':3,'pending':0,"
                    + "'processing':0,'completed':2,'failed':1,'cancelled':0},"
                    + "'result':{'total_files':3,'successful':1,'failed':1,'skipped':1,"
                    + "'documents':[{'job_id':'c1','filename':'a.txt','status':'completed',"
                    + "'skipped':false},{'job_id':'c2','filename':'b.txt','status':'completed',"
                    + "'skipped':true},{'job_id':'c3','filename':'empty.txt','status':'failed',"
                    + "'skipped':false,'error_message':'The file is empty'}]}}"));
    assertThat(text.lines().toList())
        .containsExactly(
            "Batch b1 completed (2 done, 1 failed of 3): 3 files, 1 successful, 1 failed,"
                + " 1 skipped",
            "FILE       STATUS     JOB  DETAIL",
            "a.txt      completed  c1",
            "b.txt      completed  c2   skipped: identical content already ingested",
            "empty.txt  failed     c3   The file is empty");
  }

  @Test
  void durationOfARunningJobCountsUpToNow() {
    JsonNode running = json("{'status':'processing','started_at':'2026-01-15T10:30:00Z'}");
    assertThat(JobViews.duration(running, NOW)).isEqualTo("1m 00s");
    assertThat(JobViews.duration(json("{'status':'pending'}"), NOW)).isEqualTo("-");
  }
}
