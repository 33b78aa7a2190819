package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token-bucket throttling, fault injection and the request log. */
class EmulatorThrottlingAndFaultsTest extends EmulatorWireFixture {
  private static final String MSI = "?api-version=" + EmulatorWire.MSI_API;

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().setThrottling(ThrottlingConfig.azureDefaults());
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
  }

  @Test
  void writesAreThrottledPerSubscription() {
    emulator.control().setThrottling(new ThrottlingConfig(100, 10, 3, 0.5, 100, 10));
    String body = "{\"location\":\"eastus\"}";
    Reply first = wire.arm("PUT", wire.identityPath("rg1", "t-1") + MSI, body);
    Reply second = wire.arm("PUT", wire.identityPath("rg1", "t-2") + MSI, body);
    Reply third = wire.arm("PUT", wire.identityPath("rg1", "t-3") + MSI, body);
    assertThat(first.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("2");
    assertThat(second.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("1");
    assertThat(third.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("0");

    Reply throttled = wire.arm("PUT", wire.identityPath("rg1", "t-4") + MSI, body);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.code()).isEqualTo("SubscriptionRequestsThrottled");
    assertThat(throttled.message()).contains("'write'").contains(wire.sub());
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 2);

    // reads have their own bucket, and the other subscription its own
    assertThat(wire.arm("GET", wire.identityPath("rg1", "t-1") + MSI, null).status())
        .isEqualTo(200);
    String other = EmulatorConfig.SECOND_SUBSCRIPTION_ID;
    emulator.control().createResourceGroup(other, "rg1", "eastus");
    assertThat(
            wire.arm(
                    "PUT",
                    "/subscriptions/"
                        + other
                        + "/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other"
                        + MSI,
                    body)
                .status())
        .isEqualTo(201);
  }

  @Test
  void bucketsRefill() {
    emulator.control().setThrottling(new ThrottlingConfig(1, 2, 1, 2, 1, 2));
    assertThat(wire.arm("GET", wire.rgPath("rg1") + "?api-version=2025-04-01", null).status())
        .isEqualTo(200);
    assertThat(wire.arm("GET", wire.rgPath("rg1") + "?api-version=2025-04-01", null).status())
        .isEqualTo(429);
    clock.advance(Duration.ofMillis(600));
    assertThat(wire.arm("GET", wire.rgPath("rg1") + "?api-version=2025-04-01", null).status())
        .isEqualTo(200);
  }

  @Test
  void statusFaultAppliesCountTimesThenServesNormally() {
    emulator
        .control()
        .injectFault(
            FaultRule.status("GET", "/userAssignedIdentities/ff1$", 429, 2).withRetryAfter(3));
    wire.arm("PUT", wire.identityPath("rg1", "ff1") + MSI, "{\"location\":\"eastus\"}");
    Reply first = wire.arm("GET", wire.identityPath("rg1", "ff1") + MSI, null);
    Reply second = wire.arm("GET", wire.identityPath("rg1", "ff1") + MSI, null);
    Reply third = wire.arm("GET", wire.identityPath("rg1", "ff1") + MSI, null);
    assertThat(List.of(first.status(), second.status(), third.status()))
        .containsExactly(429, 429, 200);
    assertThat(first.header("Retry-After")).isEqualTo("3");
    assertThat(first.code()).isEqualTo("SubscriptionRequestsThrottled");

    emulator.control().injectFault(FaultRule.status(null, "/userAssignedIdentities/ff1$", 503, 1));
    Reply unavailable = wire.arm("GET", wire.identityPath("rg1", "ff1") + MSI, null);
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.code()).isEqualTo("ServiceUnavailable");
    assertThat(unavailable.header("Retry-After")).isEqualTo("1");

    emulator.control().injectFault(FaultRule.status("PUT", "userAssignedIdentities", 500, 1));
    Reply failed =
        wire.arm("PUT", wire.identityPath("rg1", "ff2") + MSI, "{\"location\":\"eastus\"}");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.code()).isEqualTo("InternalServerError");
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "ff2"))).isEmpty();

    List<RecordedRequest> faulted =
        emulator.control().requests().stream().filter(r -> r.fault() != null).toList();
    assertThat(faulted)
        .extracting(RecordedRequest::fault)
        .containsExactly("STATUS 429", "STATUS 429", "STATUS 503", "STATUS 500");
  }

  @Test
  void latencyFaultDelaysThenServes() {
    emulator
        .control()
        .injectFault(FaultRule.latency("GET", "/resourcegroups/rg1$", Duration.ofMillis(300), 1));
    long start = System.nanoTime();
    Reply reply = wire.arm("GET", wire.rgPath("rg1") + "?api-version=2025-04-01", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void droppedConnectionIsAnIOException() {
    emulator.control().injectFault(FaultRule.dropConnection("GET", "/resourcegroups/rg1$", -1));
    assertThatThrownBy(() -> wire.arm("GET", wire.rgPath("rg1") + "?api-version=2025-04-01", null))
        .isInstanceOf(UncheckedIOException.class);
    emulator.control().clearFaults();
    assertThat(wire.arm("GET", wire.rgPath("rg1") + "?api-version=2025-04-01", null).status())
        .isEqualTo(200);
    assertThat(emulator.control().requests())
        .anySatisfy(r -> assertThat(r.fault()).isEqualTo("DROP_CONNECTION"));
  }

  @Test
  void requestLogAndCounts() {
    wire.token();
    emulator.control().clearRequests();
    wire.arm("PUT", wire.identityPath("rg1", "cc1") + MSI, "{\"location\":\"eastus\"}");
    wire.arm("GET", wire.identityPath("rg1", "cc1") + MSI, null);
    wire.arm("GET", wire.identityPath("rg1", "cc2") + MSI, null);
    assertThat(emulator.control().count("GET", "userAssignedIdentities/cc\\d$")).isEqualTo(2);
    assertThat(emulator.control().countSucceeded("GET", "userAssignedIdentities/cc\\d$"))
        .isEqualTo(1);
    assertThat(emulator.control().count(null, "USERASSIGNEDIDENTITIES")).isEqualTo(3);
    RecordedRequest put = emulator.control().requests().get(0);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.status()).isEqualTo(201);
    assertThat(put.resourceType()).isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities");
    assertThat(put.requestId()).isNotBlank();
    assertThat(put.correlationId()).isNotBlank();
    assertThat(put.query()).contains("api-version=2024-11-30");
    RecordedRequest missing = emulator.control().requests().get(2);
    assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
  }
}
