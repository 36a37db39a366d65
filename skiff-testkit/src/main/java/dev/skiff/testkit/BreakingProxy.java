package dev.skiff.testkit;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that breaks connections on purpose, to test what a client does when a
 * server's answer stops halfway: the real failure a busy network or server gives, on real sockets.
 *
 * <pre>{@code
 * try (BreakingProxy proxy = BreakingProxy.to(s3.endpoint())) {
 *   proxy.breakAfter(1 << 20, 2); // the next two connections break after 1 MiB from the server
 *   URI endpoint = proxy.endpoint();
 * }
 * }</pre>
 */
public final class BreakingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger breaksLeft = new AtomicInteger();
  private final AtomicInteger broken = new AtomicInteger();
  private volatile long breakAfterBytes = Long.MAX_VALUE;
  private volatile boolean refusing;

  private BreakingProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
    Thread.ofVirtual().name("breaking-proxy").start(this::accept);
  }

  /** A proxy to the host and port of this HTTP endpoint. */
  public static BreakingProxy to(URI endpoint) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new BreakingProxy(
        listener, new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
  }

  /** The same endpoint through this proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /**
   * Breaks the next {@code connections} connections, each once it has carried {@code bytes} from
   * the server to the client (a reset, as a crashed peer or a dropped route gives).
   */
  public void breakAfter(long bytes, int connections) {
    breakAfterBytes = bytes;
    breaksLeft.set(connections);
  }

  /** Breaks every connection open now. */
  public void breakAll() {
    for (Socket s : open) {
      reset(s);
    }
  }

  /** From now on, new connections are closed as soon as they are accepted. */
  public void refuse() {
    refusing = true;
  }

  /** How many connections this proxy has broken. */
  public int broken() {
    return broken.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        reset(client);
        continue;
      }
      Thread.ofVirtual().name("breaking-proxy-conn").start(() -> serve(client));
    }
  }

  private void serve(Socket client) {
    try (Socket server = new Socket(target.getAddress(), target.getPort())) {
      open.add(client);
      open.add(server);
      Thread.ofVirtual().start(() -> pump(client, server, false));
      pump(server, client, true);
      open.remove(server);
    } catch (IOException e) {
      // the target is not there: the client's connection is reset below
    } finally {
      reset(client); // the server socket is closed above
    }
  }

  private void pump(Socket from, Socket to, boolean fromServer) {
    long carried = 0;
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) > 0; ) {
        long limit = breakAfterBytes;
        if (fromServer
            && carried + n > limit
            && breaksLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
          int upTo = (int) Math.max(0, limit - carried);
          out.write(buf, 0, upTo);
          out.flush();
          broken.incrementAndGet();
          reset(to);
          reset(from);
          return;
        }
        out.write(buf, 0, n);
        carried += n;
      }
      to.shutdownOutput();
    } catch (IOException e) {
      reset(to);
      reset(from);
    }
  }

  private void reset(Socket s) {
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException e) {
      // already gone
    }
    open.remove(s);
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    breakAll();
  }
}
