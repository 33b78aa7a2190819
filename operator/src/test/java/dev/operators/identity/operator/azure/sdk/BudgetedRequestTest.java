package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.operator.azure.sdk.BudgetedRequest.ArmKind;
import dev.operators.identity.operator.azure.sdk.BudgetedRequest.ProviderOperation;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each request counts against, as a table. */
class BudgetedRequestTest {
  private static final String ID =
      "/subscriptions/S1/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "GET,    /resourceGroups/RG,                                     READ,   -,      -",
        "PUT,    /providers/Microsoft.Authorization/roleAssignments/g,   WRITE,  -,      -",
        "DELETE, /providers/Microsoft.Authorization/roleAssignments/g,   DELETE, -,      -",
        "POST,   /resourceGroups/RG/providers/Microsoft.Web/sites/a/x,   WRITE,  -,      -",
        "GET,    ~,                                                      READ,   LIST,   -",
        "GET,    ~/ID-1,                                                 READ,   READ,   ~/id-1",
        "PUT,    ~/id-1,                                                 WRITE,  WRITE,  ~/id-1",
        "PATCH,  ~/id-1,                                                 WRITE,  WRITE,  ~/id-1",
        "DELETE, ~/id-1,                                                 DELETE, DELETE, ~/id-1",
        "GET,    ~/id-1/federatedIdentityCredentials,                    READ,   LIST,   -",
        "GET,    ~/id-1/federatedIdentityCredentials/f,                  READ,   READ,   ~/id-1",
        "PUT,    ~/id-1/federatedIdentityCredentials/f,                  WRITE,  WRITE,  ~/id-1",
        "DELETE, ~/id-1/federatedIdentityCredentials/f,                  DELETE, WRITE,  ~/id-1",
      })
  void countsAgainst(
      String method, String rest, ArmKind kind, ProviderOperation provider, String identity) {
    String path = rest.startsWith("~") ? ID + rest.substring(1) : "/subscriptions/S1" + rest;
    BudgetedRequest request = BudgetedRequest.of(method, path).orElseThrow();
    assertThat(request.subscription()).isEqualTo("s1");
    assertThat(request.kind()).isEqualTo(kind);
    assertThat(request.provider()).isEqualTo(Optional.ofNullable(provider));
    assertThat(request.identity())
        .isEqualTo(
            Optional.ofNullable(identity)
                .map(i -> (ID + i.substring(1)).toLowerCase(java.util.Locale.ROOT)));
  }

  @ParameterizedTest
  @CsvSource({"GET, /providers/Microsoft.Authorization/roleDefinitions", "GET, /subscriptions"})
  void aRequestOutsideASubscriptionCountsAgainstNothing(String method, String path) {
    assertThat(BudgetedRequest.of(method, path)).isEmpty();
  }
}
