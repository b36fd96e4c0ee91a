package dev.intake.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on the loopback between a client (an Intake node) and a server (PostgreSQL) that a
 * test cuts to simulate an outage, without touching the server other tests use:
 *
 * <ul>
 *   <li>{@link #refuse()}: new connections are refused and existing ones reset, as when the server
 *       restarts;
 *   <li>{@link #blackHole()}: connections are accepted, and nothing is forwarded either way (the
 *       bytes in flight are held, as TCP would retransmit them), as when the network is cut;
 *   <li>{@link #restore()}: forwarding again; held bytes are delivered.
 * </ul>
 *
 * <p>Reusable beyond one JVM (the chaos suite): start it with {@link #to} or {@link
 * #toTestPostgres}, give every process {@link #redirect} of its database URL as {@code
 * INTAKE_DATABASE_URL}, and cut and restore it while they run. Thread-safe; one virtual thread per
 * direction of each connection.
 */
public final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition forwarding = lock.newCondition();
  private boolean holding; // guarded by lock
  private ServerSocket listener; // guarded by lock; null while refusing
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
    lock.lock();
    try {
      listener = listen(0);
      port = listener.getLocalPort();
    } finally {
      lock.unlock();
    }
  }

  /** A proxy on a free loopback port in front of {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    return new TcpProxy(new InetSocketAddress(host, port));
  }

  /** A proxy in front of the PostgreSQL server the tests use ({@link TestDatabases}). */
  public static TcpProxy toTestPostgres() {
    URI u = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
    return to(u.getHost(), u.getPort() > 0 ? u.getPort() : 5432);
  }

  /** {@code jdbcUrl} (a {@code jdbc:postgresql://} URL) with its host and port this proxy's. */
  public String redirect(String jdbcUrl) {
    URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + u.getRawPath()
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  public int port() {
    return port;
  }

  /** Like a server restart: refuses new connections and resets the existing ones. */
  public void refuse() {
    lock.lock();
    try {
      closeQuietly(listener);
      listener = null;
      holding = false; // held links must wake up to die
      forwarding.signalAll();
    } finally {
      lock.unlock();
    }
    links.forEach(Link::reset);
  }

  /** Like a cut network: accepts connections and forwards nothing, holding what is in flight. */
  public void blackHole() {
    lock.lock();
    try {
      holding = true;
    } finally {
      lock.unlock();
    }
  }

  /** Forwards again, on the same port; bytes held by a black hole are delivered. */
  public void restore() {
    lock.lock();
    try {
      holding = false;
      forwarding.signalAll();
      if (listener == null && !closed) {
        listener = listen(port);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Connections open through the proxy now. */
  public int connections() {
    return links.size();
  }

  @Override
  public void close() {
    closed = true;
    refuse();
  }

  private ServerSocket listen(int onPort) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      Thread.ofVirtual().name("tcp-proxy-accept-" + onPort).start(() -> accept(s));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + onPort, e);
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Link link = new Link(s.accept());
        links.add(link);
        Thread.ofVirtual().name("tcp-proxy-link").start(link::run);
      } catch (IOException e) {
        return; // closed: refusing, or the proxy was closed
      }
    }
  }

  /** Blocks while a black hole holds the traffic. */
  private void awaitForwarding() throws InterruptedException {
    lock.lock();
    try {
      while (holding) {
        forwarding.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** One client connection and its connection to the server. */
  private final class Link {
    private final Socket client;
    private final Socket server = new Socket();

    Link(Socket client) {
      this.client = client;
    }

    void run() {
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(target, 5_000);
      } catch (IOException e) {
        reset();
        return;
      }
      Thread.ofVirtual().name("tcp-proxy-up").start(() -> pump(client, server));
      pump(server, client);
    }

    /** Copies one direction until either side ends; the end, too, waits out a black hole. */
    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[64 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitForwarding();
          out.write(buffer, 0, n);
          out.flush();
        }
        awaitForwarding();
      } catch (IOException e) {
        // one side is gone: so is the link
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      close();
    }

    /** Sends a reset to the client, as a restarting server's kernel would. */
    void reset() {
      try {
        client.setSoLinger(true, 0);
      } catch (IOException e) {
        // already closed
      }
      close();
    }

    private void close() {
      closeQuietly(client);
      closeQuietly(server);
      links.remove(this);
    }
  }
}
