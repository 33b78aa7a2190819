package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import dev.operators.identity.operator.azure.AzureRequestException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Failures that are not ARM answers still reach status as a code and a message, no class names. */
class AzureErrorsTest {

  @Test
  void aCredentialThatGetsNoTokenIsAnAuthenticationFailureWithWhatToCheck() {
    RuntimeException msal =
        new RuntimeException(
            "com.microsoft.aad.msal4j.MsalServiceException: AADSTS7000215: Invalid client secret"
                + " provided.\n\tat TokenRequestExecutor(x.java:1)");
    var refused = new ClientAuthenticationException("ClientSecretCredential failed", null, msal);

    AzureRequestException e = AzureErrors.translate("read identity x", refused);

    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.errorCode()).isEqualTo("AuthenticationFailed");
    assertThat(e.getMessage())
        .contains("could not get a token for Azure")
        .contains("AZURE_CLIENT_ID")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aLostConnectionIsNoResponseWithoutTheExceptionClass() {
    var lost = new UncheckedIOException(new ConnectException("Connection refused"));

    AzureRequestException e = AzureErrors.translate("read identity x", lost);

    assertThat(e.errorCode()).isEqualTo("NoResponse");
    assertThat(e.azureMessage()).isEqualTo("Connection refused");
  }

  @Test
  void firstLineDropsQualifiedExceptionNames() {
    assertThat(AzureErrors.firstLine("java.lang.IllegalStateException: bad\n\tat x"))
        .isEqualTo("bad");
  }
}
