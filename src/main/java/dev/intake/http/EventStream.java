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
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events: one {@code job} event per change of a job's status, stage or progress, from
 * whichever process made it. Changes by this process's workers arrive at once through the event
 * bus; changes by other processes are found by polling the store for rows updated since the last
 * look. Each subscriber sees a job's progress only grow within a status and stage.
 *
 * <p>Nothing slow can stall the rest. Publishing only puts an event in each subscriber's bounded
 * buffer; a thread of the subscriber's own writes it out. A subscriber whose buffer is full has
 * fallen behind and is dropped: its buffer is emptied, it gets one final {@code reconnect} event,
 * and its connection is cut if it has not taken that within {@link #DROP_GRACE}. At most {@code
 * maxStreams} streams are open at once; {@link #reserve()} refuses more.
 */
public final class EventStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);

  /** Events a subscriber may have waiting; one more and it is dropped. */
  static final int SUBSCRIBER_BUFFER = 256;

  /** How long a dropped subscriber gets to take its final event before its connection is cut. */
  static final Duration DROP_GRACE = Duration.ofSeconds(5);

  /** Seconds a client refused for too many streams is asked to wait. */
  static final long RETRY_AFTER_SECONDS = 5;

  private record Last(String status, String stage, double progress) {}

  /** What a subscriber's sender writes: an event, or a comment when {@code event} is null. */
  private record Message(String event, String data) {}

  private static final Message KEEP_ALIVE = new Message(null, "keep-alive");
  private static final Message RECONNECT =
      new Message(
          "reconnect",
          "{\"reason\":\"the client fell behind the events; reconnect and read the current"
              + " state\"}");

  private final JobReader reader;
  private final JobViewer viewer;
  private final ObjectMapper json = Json.mapper();
  private final Duration pollInterval;
  private final int maxStreams;
  private final AtomicInteger reserved = new AtomicInteger();
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
      JobReader reader,
      JobEventBus bus,
      Duration pollInterval,
      int maxStreams,
      Supervisor supervisor) {
    this.reader = reader;
    this.viewer = new JobViewer(reader);
    this.pollInterval = pollInterval;
    this.maxStreams = maxStreams;
    this.cursor = Instant.now();
    bus.subscribe(this::onLocalEvent);
    this.poller = supervisor.loop("sse-poller", self -> pollLoop());
  }

  /**
   * Takes one of the {@code maxStreams} places for a stream about to open; give it back with {@link
   * #release()} if the stream does not open, otherwise closing the stream does.
   *
   * @throws ApiException {@code 503 too_many_streams} when every place is taken
   */
  void reserve() {
    if (reserved.incrementAndGet() > maxStreams) {
      reserved.decrementAndGet();
      throw new ApiException(
          503,
          "too_many_streams",
          "The server already has its limit of "
              + maxStreams
              + " event streams open (INTAKE_MAX_EVENT_STREAMS); try again in "
              + RETRY_AFTER_SECONDS
              + " s");
    }
  }

  void release() {
    reserved.decrementAndGet();
  }

  /** Streams open now. */
  public int openStreams() {
    return subscribers.size();
  }

  /** Events waiting in subscribers' buffers now, at most {@link #SUBSCRIBER_BUFFER} each. */
  public int bufferedEvents() {
    return subscribers.stream().mapToInt(s -> s.queue.size()).sum();
  }

  /**
   * Registers a client on a place taken by {@link #reserve()}; {@code jobId} null means every job.
   * Sends the job's current state first.
   */
  void subscribe(SseClient client, String jobId) {
    client.keepAlive();
    Subscriber s = new Subscriber(client, jobId);
    client.onClose(s::closed);
    subscribers.add(s);
    s.start();
    if (jobId != null) {
      reader.jobGet(jobId).ifPresent(j -> s.offer(viewer.progress(j)));
    }
  }

  /** One client: its bounded buffer, and the thread that writes it out. */
  private final class Subscriber {
    final SseClient client;
    final String jobId;
    final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(SUBSCRIBER_BUFFER + 1);
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Instant droppedAt;
    private Thread sender;

    Subscriber(SseClient client, String jobId) {
      this.client = client;
      this.jobId = jobId;
    }

    void start() {
      sender = Thread.ofVirtual().name("sse-sender").start(this::send);
    }

    boolean wants(String job) {
      return jobId == null || jobId.equals(job);
    }

    void offer(Views.ProgressView v) {
      try {
        offer(new Message("job", json.writeValueAsString(v)));
      } catch (JsonProcessingException e) {
        log.warn("cannot write event for job {}: {}", v.jobId(), e.getMessage());
      }
    }

    /** Never waits: a full buffer drops the subscriber. */
    void offer(Message m) {
      if (droppedAt != null) {
        return;
      }
      if (queue.size() >= SUBSCRIBER_BUFFER || !queue.offer(m)) {
        drop();
      }
    }

    private synchronized void drop() {
      if (droppedAt != null) {
        return;
      }
      droppedAt = Instant.now();
      queue.clear();
      queue.offer(RECONNECT); // the buffer keeps one place for it
      log.info(
          "dropped an event stream that fell {} events behind; it is told to reconnect",
          SUBSCRIBER_BUFFER);
    }

    /** The sender: writes each message, blocking on a slow client without holding anyone else. */
    private void send() {
      try {
        while (!client.terminated()) {
          Message m = queue.take();
          if (m.event() == null) {
            client.sendComment(m.data());
          } else {
            client.sendEvent(m.event(), m.data());
          }
          if (m == RECONNECT) {
            client.close();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.debug("event stream failed", e);
      } finally {
        client.close();
      }
    }

    /** Cuts the connection of a client that was dropped and never took its final event. */
    void cutIfStuck(Instant now) {
      Instant dropped = droppedAt;
      if (dropped != null && now.isAfter(dropped.plus(DROP_GRACE)) && !client.terminated()) {
        log.info("cutting an event stream that did not take its final event");
        try {
          Request.getBaseRequest(client.ctx().req())
              .getHttpChannel()
              .abort(new IOException("event stream client fell behind"));
        } catch (RuntimeException e) {
          log.debug("aborting an event stream failed", e);
        }
        client.close();
      }
    }

    /** Called once the stream is closed, from whichever side. */
    void closed() {
      if (released.compareAndSet(false, true)) {
        subscribers.remove(this);
        release();
        if (sender != null) {
          sender.interrupt();
        }
      }
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
          subscribers.forEach(s -> s.offer(KEEP_ALIVE));
        }
        Instant now = Instant.now();
        subscribers.forEach(s -> s.cutIfStuck(now));
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
    String data;
    try {
      data = json.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      log.warn("cannot write event for job {}: {}", v.jobId(), e.getMessage());
      return;
    }
    Message m = new Message("job", data);
    for (Subscriber s : subscribers) {
      if (s.wants(v.jobId())) {
        s.offer(m);
      }
    }
  }

  @Override
  public void close() {
    poller.stop(); // first, so the loop's return is not taken for a death
    running = false;
    poller.interrupt();
    for (Subscriber s : subscribers) {
      try {
        s.client.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }
}
