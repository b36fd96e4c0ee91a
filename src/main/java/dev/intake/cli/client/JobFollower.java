package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows jobs by polling {@code GET /jobs/{id}} until each is completed, failed or cancelled,
 * showing every poll on a {@link ProgressDisplay}. Polling rather than SSE, so it works against any
 * server version.
 */
final class JobFollower {
  static final Duration INTERVAL = Duration.ofMillis(250);

  /** A job to follow and what to call it on screen. */
  record Target(String label, String jobId) {}

  private final IntakeClient client;
  private final ProgressDisplay display;
  private final Duration interval;

  JobFollower(IntakeClient client, ProgressDisplay display, Duration interval) {
    this.client = client;
    this.display = display;
    this.interval = interval;
  }

  /** The final JSON of every target, in the order given. */
  List<JsonNode> follow(List<Target> targets) throws InterruptedException {
    List<JsonNode> latest = new ArrayList<>();
    for (Target t : targets) {
      latest.add(client.job(t.jobId()));
    }
    while (true) {
      display.show(items(targets, latest));
      if (latest.stream().allMatch(JobProgress::isFinished)) {
        return latest;
      }
      Thread.sleep(interval.toMillis());
      for (int i = 0; i < targets.size(); i++) {
        if (!JobProgress.isFinished(latest.get(i))) {
          latest.set(i, client.job(targets.get(i).jobId()));
        }
      }
    }
  }

  private static List<ProgressDisplay.Item> items(List<Target> targets, List<JsonNode> jobs) {
    List<ProgressDisplay.Item> items = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      items.add(new ProgressDisplay.Item(targets.get(i).label(), jobs.get(i)));
    }
    return items;
  }
}
