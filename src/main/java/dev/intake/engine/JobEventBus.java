package dev.intake.engine;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process fan-out of job events to subscribers (server-sent events, metrics, tests). */
public final class JobEventBus {
  private static final Logger log = LoggerFactory.getLogger(JobEventBus.class);
  private final CopyOnWriteArrayList<Consumer<JobEvent>> subscribers = new CopyOnWriteArrayList<>();

  public AutoCloseable subscribe(Consumer<JobEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  public void publish(JobEvent event) {
    for (Consumer<JobEvent> s : subscribers) {
      try {
        s.accept(event);
      } catch (RuntimeException e) {
        log.debug("job event subscriber failed", e);
      }
    }
  }
}
