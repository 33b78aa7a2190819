package dev.operators.identity.e2e.kube;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A test hook in front of the embedded API's dispatcher, narrowly for crash tests: it records the
 * PATCH and PUT requests it sees ({@code METHOD path}, without the query), and can trap one of them
 * (the k-th with a given method and path after {@link #arm}) to run an action, such as killing the
 * operator that sent it, either before the write is applied (the write is then refused with 503,
 * unapplied) or after (the write is applied, then answered). The action runs on the server's event
 * loop: it must be short and must not call this server.
 */
public final class WriteTrap extends Dispatcher {

  /** When the trapped write's action runs. */
  public enum Moment {
    /** Before the write is applied; it is then not applied at all. */
    BEFORE_APPLIED,
    /** After the write is applied, before it is answered. */
    AFTER_APPLIED
  }

  private record Armed(String method, String path, int ordinal, Moment moment, Runnable action) {}

  private static final int MAX_RECORDED = 10_000;

  private final Dispatcher next;
  private final List<String> writes = new ArrayList<>();
  private Armed armed;
  private int seen;

  WriteTrap(Dispatcher next) {
    this.next = next;
  }

  /**
   * Traps the {@code ordinal}-th (1-based) {@code method} request to {@code path} from now on;
   * replaces a trap armed before.
   */
  public synchronized void arm(
      String method, String path, int ordinal, Moment moment, Runnable action) {
    if (ordinal < 1) {
      throw new IllegalArgumentException("ordinal is 1-based: " + ordinal);
    }
    armed = new Armed(method, path, ordinal, Objects.requireNonNull(moment), action);
    seen = 0;
  }

  /** Whether an armed trap has not gone off yet. */
  public synchronized boolean armed() {
    return armed != null;
  }

  /** Removes the trap, if any, and forgets the writes recorded so far. */
  public synchronized void reset() {
    armed = null;
    writes.clear();
  }

  /** The PATCH and PUT requests since the last {@link #reset}, oldest first. */
  public synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpMethod method = request.method();
    if (method != HttpMethod.PATCH && method != HttpMethod.PUT) {
      return next.dispatch(request);
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    Armed trapped = record(method.name() + " " + path, method.name(), path);
    if (trapped == null) {
      return next.dispatch(request);
    }
    if (trapped.moment() == Moment.BEFORE_APPLIED) {
      trapped.action().run();
      return EmbeddedKubernetesDispatcher.jsonResponse(
          503,
          EmbeddedKubernetesDispatcher.status(
              503, "ServiceUnavailable", "trapped before it was applied"));
    }
    MockResponse answer = next.dispatch(request);
    trapped.action().run();
    return answer;
  }

  /** Records a write; the armed trap when this write is the one it waits for. */
  private synchronized Armed record(String write, String method, String path) {
    if (writes.size() < MAX_RECORDED) {
      writes.add(write);
    }
    if (armed == null || !armed.method().equals(method) || !armed.path().equals(path)) {
      return null;
    }
    if (++seen < armed.ordinal()) {
      return null;
    }
    Armed fired = armed;
    armed = null;
    return fired;
  }

  @Override
  public void shutdown() {
    next.shutdown();
  }
}
