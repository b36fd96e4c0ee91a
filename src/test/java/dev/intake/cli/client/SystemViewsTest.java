package dev.intake.cli.client;

import static dev.intake.cli.client.JobViewsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The workers, statistics and search renderings. */
class SystemViewsTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:31:00Z");

  @Test
  void workersTable() {
    String text =
        SystemViews.workers(
            json(
                "{'workers':[{'worker_id':'x','name':'w-1','priority':'high','status':'busy',"
                    + "'host':'h1','pid':42,'processed':1200,'failed':3,'current_job':'j9',"
                    + "'last_heartbeat':'2026-01-15T10:30:58Z'},"
                    + "{'name':'w-2','priority':'any','status':'idle','host':'h1','pid':42,"
                    + "'processed':7,'failed':0,'current_job':null,"
                    + "'last_heartbeat':'2026-01-15T10:30:00Z'}]}"),
            NOW);
    assertThat(text.lines().toList())
        .containsExactly(
            "NAME  PRIORITY  STATUS  HOST  PID  PROCESSED  FAILED  CURRENT JOB  HEARTBEAT",
            "w-1   high      busy    h1     42       1200       3  j9           2s ago",
            "w-2   any       idle    h1     42          7       0  -            1m ago",
            "2 workers");
    assertThat(SystemViews.workers(json("{'workers':[]}"), NOW)).isEqualTo("No live workers.\n");
  }

  @Test
  void statistics() {
    String text =
        SystemViews.statistics(
            json(
                "{'total_24h':42,'status_counts':{'completed':40,'failed':2},"
                    + "'processing_times':{'completed':{'avg_seconds':1.5,'max_seconds':70,"
                    + "'min_seconds':0.2,'p95_seconds':3}},"
                    + "'queue_stats':{'queue_lengths':{'high':1,'medium':0,'low':5},"
                    + "'total_pending':6}}"));
    assertThat(text)
        .startsWith("Jobs in the last 24 h: 42\n\n")
        .contains("STATUS     JOBS\ncompleted    40\nfailed        2\n")
        .contains(
            "PROCESSING TIME   AVG   P95   MIN     MAX\n"
                + "completed        1.5s  3.0s  0.2s  1m 10s\n")
        .endsWith(
            "QUEUE   PENDING\n"
                + "high          1\n"
                + "medium        0\n"
                + "low           5\n"
                + "total         6\n");
  }

  @Test
  void searchResultsAreRankedWithPagesAndSnippets() {
    String text =
        SystemViews.search(
            json(
                "{'results':[{'document_id':'d','filename':'a.pdf','chunk_index':0,"
                    + "'text':'The harbour\\n crane was repaired on Tuesday','score':0.91234,"
                    + "'page_start':2,'page_end':3},{'filename':'b.txt','text':'x','score':0.5,"
                    + "'page_start':1,'page_end':1}]}"),
            20);
    assertThat(text.lines().toList())
        .containsExactly(
            "#  SCORE  FILE   PAGES  TEXT",
            "1  0.912  a.pdf  2-3    The harbour crane w…",
            "2  0.500  b.txt  1      x");
    assertThat(SystemViews.search(json("{'results':[]}"), 20)).isEqualTo("No matches.\n");
  }
}
