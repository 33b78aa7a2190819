package dev.operators.identity.operator.azure.sdk;

import com.azure.core.util.Context;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@link FederatedCredentialPort} on azure-resourcemanager-msi's typed client (api-version
 * 2024-11-30). Names are checked against Azure's rule before anything is sent.
 */
public final class SdkFederatedCredentialAdapter implements FederatedCredentialPort {

  private static final Pattern NAME = Pattern.compile(AzureNameRules.FEDERATED_CREDENTIAL_NAME);

  private final AzureSdk sdk;
  private final Map<String, MsiManager> managers = new ConcurrentHashMap<>();

  public SdkFederatedCredentialAdapter(AzureSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  public List<FederatedCredential> list(IdentityRef identity) {
    String operation = "list federated credentials of " + identity;
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

  private static void checkName(String operation, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw AzureRequestException.refused(
          operation, name, "is not a federated credential name (3 to 120 of a-z, 0-9, - and _)");
    }
  }

  private FederatedIdentityCredentialsClient client(IdentityRef identity) {
    String subscription = identity.subscriptionId();
    return managers
        .computeIfAbsent(
            subscription.toLowerCase(Locale.ROOT),
            sub -> MsiManager.authenticate(sdk.pipeline(), sdk.profile(subscription)))
        .serviceClient()
        .getFederatedIdentityCredentials();
  }

  private static FederatedCredential toCredential(FederatedIdentityCredentialInner inner) {
    return new FederatedCredential(
        inner.name(), inner.issuer(), inner.subject(), inner.audiences());
  }
}
