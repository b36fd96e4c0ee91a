package dev.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.engine.JobEvent;
import dev.intake.engine.JobEventBus;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.store.JobReader;
import dev.intake.supervision.Service;
import dev.intake.supervision.Supervisor;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events: one {@code job} event per change of a job's status, stage or progress, from
 * whichever process made it. Changes by this process's workers arrive at once through the event
 * bus; changes by other processes are found by polling the store for rows updated since the last
 * look. Each subscriber sees a job's progress only grow within a status and stage.
 */
public final class EventStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);

  private record Subscriber(SseClient client, String jobId) {}

  private record Last(String status, String stage, double progress) {}

  private final JobReader reader;
  private final JobViewer viewer;
  private final ObjectMapper json = Json.mapper();
  private final Duration pollInterval;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Map<String, Last> lastSent =
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
          return size() > 10_000;
        }
      };
  private final Service poller;
  private volatile boolean running = true;
  private Instant cursor;

  public EventStream(
      JobReader reader, JobEventBus bus, Duration pollInterval, Supervisor supervisor) {
    this.reader = reader;
    this.viewer = new JobViewer(reader);
    this.pollInterval = pollInterval;
    this.cursor = Instant.now();
    bus.subscribe(this::onLocalEvent);
    this.poller = supervisor.loop("sse-poller", self -> pollLoop());
  }

  /**
   * Registers a client; {@code jobId} null means every job. Sends the job's current state first.
   */
  void subscribe(SseClient client, String jobId) {
    client.keepAlive();
    Subscriber s = new Subscriber(client, jobId);
    client.onClose(() -> subscribers.remove(s));
    subscribers.add(s);
    if (jobId != null) {
      reader.jobGet(jobId).ifPresent(j -> send(s, viewer.progress(j)));
    }
  }

  private void onLocalEvent(JobEvent e) {
    broadcast(
        new Views.ProgressView(
            e.jobId(),
            e.status().wireName(),
            e.stage() == null ? null : e.stage().wireName(),
            e.progress(),
            e.message(),
            e.updatedAt()));
  }

  private void pollLoop() {
    long keepAliveEvery = 15_000 / Math.max(1, pollInterval.toMillis());
    long rounds = 0;
    while (running) {
      try {
        Thread.sleep(pollInterval.toMillis());
        if (!subscribers.isEmpty()) {
          poll();
        } else {
          cursor = Instant.now();
        }
        if (++rounds % keepAliveEvery == 0) {
          subscribers.forEach(s -> s.client().sendComment("keep-alive"));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("polling for job changes failed: {}", e.getMessage());
      }
    }
  }

  private void poll() {
    // Look back a little: another process's clock, or a transaction that committed late, may
    // have written an older timestamp than the newest one already seen. Duplicates are dropped.
    Instant since = cursor.minusSeconds(2);
    for (Job j : reader.jobsChangedSince(since, 500)) {
      broadcast(viewer.progress(j));
      if (j.updatedAt().isAfter(cursor)) {
        cursor = j.updatedAt();
      }
    }
  }

  private synchronized void broadcast(Views.ProgressView v) {
    Last previous = lastSent.get(v.jobId());
    Last next = new Last(v.status(), v.stage(), v.progress());
    if (next.equals(previous)) {
      return;
    }
    if (previous != null
        && previous.status().equals(next.status())
        && Objects.equals(previous.stage(), next.stage())
        && next.progress() < previous.progress()) {
      return; // an older snapshot than what subscribers already saw
    }
    if (previous != null
        && JobState.fromWire(previous.status()).isFinished()
        && next.status().equals("processing")) {
      return; // a late progress event after the job finished
    }
    lastSent.put(v.jobId(), next);
    for (Subscriber s : subscribers) {
      if (s.jobId() == null || s.jobId().equals(v.jobId())) {
        send(s, v);
      }
    }
  }

  private void send(Subscriber s, Views.ProgressView v) {
    try {
      String data = json.writeValueAsString(v);
      synchronized (s.client()) {
        s.client().sendEvent("job", data);
      }
    } catch (JsonProcessingException | RuntimeException e) {
      subscribers.remove(s);
    }
  }

  @Override
  public void close() {
    poller.stop(); // first, so the loop's return is not taken for a death
    running = false;
    poller.interrupt();
    for (Subscriber s : subscribers) {
      try {
        s.client().close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }
}
