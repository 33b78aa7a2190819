package dev.operators.identity.e2e.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 between the operator process and the embedded Kubernetes API, so that
 * the API can be lost for the operator alone: {@link #cut()} closes every open connection (watches
 * and requests in flight) and closes each new one as soon as it is accepted, until {@link
 * #restore()}.
 */
final class ApiRelay implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket listener;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "api-relay");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<Socket> open = new HashSet<>();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean cut;

  private ApiRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** A relay to {@code 127.0.0.1:targetPort} on a free port. */
  static ApiRelay to(int targetPort) {
    try {
      return new ApiRelay(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The API is lost: open connections are closed, new ones closed on arrival. */
  void cut() {
    refused.set(0);
    cut = true;
    synchronized (open) {
      open.forEach(ApiRelay::closeQuietly);
      open.clear();
    }
  }

  /** The API is back. */
  void restore() {
    cut = false;
  }

  /** Connections closed on arrival since the last {@link #cut()}: the operator tried again. */
  int refusedSinceCut() {
    return refused.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException closed) {
        return;
      }
      if (cut) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (open) {
          open.add(client);
          open.add(server);
        }
        threads.execute(() -> pump(client, server));
        threads.execute(() -> pump(server, client));
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** Copies one direction until either side closes, then closes both. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      synchronized (open) {
        open.remove(from);
        open.remove(to);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    cut();
    threads.shutdownNow();
  }
}
