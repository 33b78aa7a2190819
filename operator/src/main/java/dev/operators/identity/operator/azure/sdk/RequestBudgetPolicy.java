package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.operators.identity.operator.azure.RequestPass;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link RequestBudget} in the SDK's pipeline, in two positions: per call (before the retry
 * policy) it notes the reconcile pass the call belongs to ({@link RequestPass}), which may move to
 * another thread for retries; per attempt (after the retry policy) it asks the budget before each
 * request is sent, waits a short admitted wait, or answers a refusal itself ({@link BudgetRefusal}:
 * 429 with {@code Retry-After}, which the retry policy does not retry, so the call fails and the
 * pass is postponed), and gives Azure's answer back to the budget: the remaining-count header of
 * the request's kind and any 429 with its {@code Retry-After}; a request without an answer or with
 * a server error gets its tokens back, so that its retry is not refused on its account.
 */
final class RequestBudgetPolicy implements HttpPipelinePolicy {

  /** Waits a short admitted wait on the calling thread (tests: advances a clock). */
  interface Sleeper {
    void sleep(Duration wait);
  }

  private static final String PASS_KEY = "azure-identity-operator.pass";

  private RequestBudgetPolicy() {}

  /** The per-call and the per-attempt policy for one budget and principal. */
  static List<HttpPipelinePolicy> policies(RequestBudget budget, String principal) {
    return policies(budget, principal, RequestBudgetPolicy::sleep);
  }

  static List<HttpPipelinePolicy> policies(
      RequestBudget budget, String principal, Sleeper sleeper) {
    return List.of(new RequestBudgetPolicy(), new Gate(budget, principal, sleeper));
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return Mono.defer(
        () -> {
          context.setData(PASS_KEY, RequestPass.current());
          return next.process();
        });
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    context.setData(PASS_KEY, RequestPass.current());
    return next.processSync();
  }

  private static void sleep(Duration wait) {
    try {
      // Whole milliseconds, rounded up: never sent before its admitted time.
      Thread.sleep((wait.toNanos() + 999_999) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every attempt: admitted (after a short wait) or refused; Azure's answer back to the budget. */
  static final class Gate implements HttpPipelinePolicy {
    private final RequestBudget budget;
    private final String principal;
    private final Sleeper sleeper;

    Gate(RequestBudget budget, String principal, Sleeper sleeper) {
      this.budget = budget;
      this.principal = principal;
      this.sleeper = sleeper;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
      return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public Mono<HttpResponse> process(
        HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
      return Mono.defer(
          () -> {
            HttpRequest request = context.getHttpRequest();
            Optional<BudgetedRequest> budgeted = budgeted(request);
            if (budgeted.isEmpty()) {
              return next.process();
            }
            RequestBudget.Admission admission = admit(context, request, budgeted.get());
            if (!admission.sent()) {
              return Mono.just(refusal(request, budgeted.get(), admission));
            }
            // Deferred: the rest of the pipeline (down to the HTTP client) runs when the wait is
            // over, not when the call is put together.
            Mono<HttpResponse> send =
                Mono.defer(next::process)
                    .doOnNext(response -> answered(budgeted.get(), response))
                    .doOnError(error -> budget.refund(budgeted.get(), principal));
            Mono<HttpResponse> waited =
                admission.delay().isZero()
                    ? send
                    // A short admitted wait, off reactor's parallel threads (a retry may run on
                    // one).
                    : Mono.fromRunnable(() -> sleeper.sleep(admission.delay()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .then(send);
            // However it ends (answered, failed, cancelled while waiting or on its way).
            return waited.doFinally(signal -> budget.settled(budgeted.get(), principal));
          });
    }

    @Override
    public HttpResponse processSync(
        HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
      HttpRequest request = context.getHttpRequest();
      Optional<BudgetedRequest> budgeted = budgeted(request);
      if (budgeted.isEmpty()) {
        return next.processSync();
      }
      RequestBudget.Admission admission = admit(context, request, budgeted.get());
      if (!admission.sent()) {
        return refusal(request, budgeted.get(), admission);
      }
      try {
        if (!admission.delay().isZero()) {
          sleeper.sleep(admission.delay());
        }
        HttpResponse response;
        try {
          response = next.processSync();
        } catch (RuntimeException e) {
          budget.refund(budgeted.get(), principal);
          throw e;
        }
        answered(budgeted.get(), response);
        return response;
      } finally {
        budget.settled(budgeted.get(), principal);
      }
    }

    private static Optional<BudgetedRequest> budgeted(HttpRequest request) {
      return BudgetedRequest.of(request.getHttpMethod().name(), request.getUrl().getPath());
    }

    /**
     * Asks the budget. A later page of a listing (its URL carries the skip token of the page
     * before) may wait its turn whatever the pass ({@link RequestBudget#LATER_PAGE_WAIT}): refused,
     * the listing would fail with its earlier pages spent for nothing, and a listing longer than a
     * bucket's burst could never complete in a resync.
     */
    private RequestBudget.Admission admit(
        HttpPipelineCallContext context, HttpRequest http, BudgetedRequest request) {
      RequestPass pass = pass(context);
      RequestBudget.Admission admission =
          budget.admit(request, principal, pass.priority(), laterPage(http.getUrl().getQuery()));
      if (!admission.sent()) {
        pass.postpone(admission.delay());
      }
      return admission;
    }

    /** Whether a query continues a listing ({@code $skiptoken}, {@code $skipToken}, encoded). */
    static boolean laterPage(String query) {
      if (query == null) {
        return false;
      }
      String lower = query.toLowerCase(java.util.Locale.ROOT);
      return lower.contains("$skiptoken=") || lower.contains("%24skiptoken=");
    }

    private static RequestPass pass(HttpPipelineCallContext context) {
      return context
          .getData(PASS_KEY)
          .filter(RequestPass.class::isInstance)
          .map(RequestPass.class::cast)
          .orElseGet(RequestPass::current);
    }

    private static HttpResponse refusal(
        HttpRequest request, BudgetedRequest budgeted, RequestBudget.Admission admission) {
      return new BudgetRefusal(request, budgeted.subscription(), admission.delay());
    }

    private void answered(BudgetedRequest request, HttpResponse response) {
      String remaining =
          response.getHeaderValue("x-ms-ratelimit-remaining-subscription-" + request.kind().header);
      OptionalLong left = OptionalLong.empty();
      if (remaining != null) {
        try {
          left = OptionalLong.of(Long.parseLong(remaining.trim()));
        } catch (NumberFormatException ignored) {
          // not a count: the budget goes by its own
        }
      }
      if (response.getStatusCode() >= 500) {
        budget.refund(request, principal);
      }
      budget.answered(
          request,
          principal,
          response.getStatusCode(),
          left,
          Optional.ofNullable(AzureErrors.retryAfter(response.getHeaderValue("Retry-After"))));
    }
  }
}
