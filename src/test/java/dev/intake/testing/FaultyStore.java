package dev.intake.testing;

import dev.intake.store.JobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real {@link JobStore} with faults injected: every call goes to the real store, except that the
 * first {@code times} calls of one method throw what {@code fault} makes instead. Counts calls per
 * method, so tests can see that a caller carried on after the fault.
 */
public final class FaultyStore {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final JobStore store;

  private FaultyStore(JobStore real, String method, int times, Supplier<Throwable> fault) {
    AtomicInteger left = new AtomicInteger(times);
    this.store =
        (JobStore)
            Proxy.newProxyInstance(
                JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class},
                (proxy, m, args) -> {
                  calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
                  if (m.getName().equals(method) && left.getAndDecrement() > 0) {
                    throw fault.get();
                  }
                  try {
                    return m.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  public static FaultyStore failing(
      JobStore real, String method, int times, Supplier<Throwable> fault) {
    return new FaultyStore(real, method, times, fault);
  }

  public JobStore store() {
    return store;
  }

  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }
}
