package dev.intake.cli.client;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** For logs and pipes: one line whenever a job's status, stage or 10 % bucket changes. */
final class PlainProgressDisplay implements ProgressDisplay {
  private final PrintWriter out;
  private final Map<Integer, String> lastBucket = new HashMap<>();

  PlainProgressDisplay(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void show(List<Item> items) {
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      String bucket = JobProgress.bucket(item.job());
      // Keyed by position: two uploads may share a file name.
      if (!bucket.equals(lastBucket.put(i, bucket))) {
        out.println(JobProgress.plainLine(item.label(), item.job()));
      }
    }
    out.flush();
  }
}
