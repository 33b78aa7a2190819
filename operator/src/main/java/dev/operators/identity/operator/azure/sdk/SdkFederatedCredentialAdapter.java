package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpMethod;
import com.azure.core.util.Context;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@link FederatedCredentialPort} on azure-resourcemanager-msi's typed client (api-version
 * 2024-11-30), which has no {@code claimsMatchingExpression}. Flexible credentials, and listings
 * that must show them, go through the same manager's pipeline with {@link #FLEXIBLE_API_VERSION}
 * (as {@link SdkAssignmentRestrictionAdapter} does for assignment restrictions): an identity
 * without flexible credentials is served by the stable api-version only. Names are checked against
 * Azure's rule before anything is sent.
 */
public final class SdkFederatedCredentialAdapter implements FederatedCredentialPort {

  /** The api-version for claims-matching expressions (also the operator's one preview version). */
  static final String FLEXIBLE_API_VERSION = "2025-05-31-preview";

  /** Pages a listing follows at most: 20 credentials fit one page; a loop of links stops here. */
  private static final int MAX_PAGES = 50;

  private static final Pattern NAME = Pattern.compile(AzureNameRules.FEDERATED_CREDENTIAL_NAME);

  private final AzureSdk sdk;
  private final Map<String, MsiManager> managers = new ConcurrentHashMap<>();

  public SdkFederatedCredentialAdapter(AzureSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  public List<FederatedCredential> list(IdentityRef identity, boolean showExpressions) {
    String operation = "list federated credentials of " + identity;
    if (showExpressions) {
      return listFlexible(identity, operation);
    }
    try {
      return client(identity)
          .list(identity.resourceGroup(), identity.name(), null, null, Context.NONE)
          .stream()
          .map(SdkFederatedCredentialAdapter::toCredential)
          .toList();
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  @Override
  public FederatedCredential put(IdentityRef identity, FederatedCredential credential) {
    String operation = "write federated credential " + credential.name() + " of " + identity;
    checkName(operation, credential.name());
    if (credential.flexible()) {
      return FederatedCredentialJson.credential(
          send(
              HttpMethod.PUT,
              identity,
              url(identity, "/" + credential.name()),
              FederatedCredentialJson.body(credential),
              operation));
    }
    FederatedIdentityCredentialInner inner =
        new FederatedIdentityCredentialInner()
            .withIssuer(credential.issuer())
            .withSubject(credential.subject())
            .withAudiences(credential.audiences());
    try {
      return toCredential(
          client(identity)
              .createOrUpdateWithResponse(
                  identity.resourceGroup(), identity.name(), credential.name(), inner, Context.NONE)
              .getValue());
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  @Override
  public boolean delete(IdentityRef identity, String name) {
    String operation = "delete federated credential " + name + " of " + identity;
    checkName(operation, name);
    try {
      return client(identity)
              .deleteWithResponse(identity.resourceGroup(), identity.name(), name, Context.NONE)
              .getStatusCode()
          != 204;
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate(operation, e);
      if (error.isNotFound()) {
        return false;
      }
      throw error;
    }
  }

  private List<FederatedCredential> listFlexible(IdentityRef identity, String operation) {
    List<FederatedCredential> credentials = new ArrayList<>();
    String next = url(identity, "");
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      Map<String, Object> answer = send(HttpMethod.GET, identity, next, null, operation);
      credentials.addAll(FederatedCredentialJson.page(answer));
      next = FederatedCredentialJson.nextLink(answer);
    }
    return credentials;
  }

  /** The credentials' collection URL (plus {@code rest}) at {@link #FLEXIBLE_API_VERSION}. */
  private String url(IdentityRef identity, String rest) {
    return ArmRequests.url(
        manager(identity).serviceClient().getEndpoint(),
        identity.path() + "/federatedIdentityCredentials" + rest,
        FLEXIBLE_API_VERSION);
  }

  private Map<String, Object> send(
      HttpMethod method, IdentityRef identity, String url, String body, String operation) {
    return ArmRequests.send(
        manager(identity).serviceClient().getHttpPipeline(), method, url, body, operation);
  }

  private static void checkName(String operation, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw AzureRequestException.refused(
          operation, name, "is not a federated credential name (3 to 120 of a-z, 0-9, - and _)");
    }
  }

  private FederatedIdentityCredentialsClient client(IdentityRef identity) {
    return manager(identity).serviceClient().getFederatedIdentityCredentials();
  }

  private MsiManager manager(IdentityRef identity) {
    String subscription = identity.subscriptionId();
    return managers.computeIfAbsent(
        subscription.toLowerCase(Locale.ROOT),
        sub -> MsiManager.authenticate(sdk.pipeline(), sdk.profile(subscription)));
  }

  private static FederatedCredential toCredential(FederatedIdentityCredentialInner inner) {
    return new FederatedCredential(
        inner.name(), inner.issuer(), inner.subject(), inner.audiences());
  }
}
