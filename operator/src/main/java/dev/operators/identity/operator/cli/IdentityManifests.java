package dev.operators.identity.operator.cli;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.ClaimsMatchingExpressionSpec;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.IdentityRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Imported identities as {@code UserAssignedIdentity} resources (pure): adopted ({@code
 * identity.operators.dev/adopt: "true"}), in the given management mode, {@code deletionPolicy:
 * Orphan}, declaring exactly what Azure holds, so that managing them changes nothing.
 */
public final class IdentityManifests {

  /** A Kubernetes object name: at most 253 lower-case letters, digits, '-' and '.'. */
  static final int MAX_NAME_LENGTH = 253;

  private IdentityManifests() {}

  /**
   * One resource per identity, ordered by resource ID. Names come from the Azure names; two that
   * would meet in the namespace (names differing in case or by '_' and '-', in different resource
   * groups) each get a suffix from their resource ID.
   */
  public static List<UserAssignedIdentity> toResources(
      List<ImportedIdentity> identities, String namespace, ManagementPolicy policy) {
    List<ImportedIdentity> ordered =
        identities.stream()
            .sorted(Comparator.comparing(i -> lower(i.identity().resourceId())))
            .toList();
    Map<String, Long> uses =
        ordered.stream()
            .collect(
                Collectors.groupingBy(
                    i -> kubernetesName(i.identity().name()), Collectors.counting()));
    List<UserAssignedIdentity> resources = new ArrayList<>();
    for (ImportedIdentity imported : ordered) {
      String name = kubernetesName(imported.identity().name());
      if (uses.get(name) > 1) {
        name = withSuffix(name, idHash(imported.identity().resourceId()));
      }
      resources.add(toResource(imported, name, namespace, policy));
    }
    return resources;
  }

  /**
   * The Azure name as a Kubernetes name: lower case, every character but letters, digits and '-'
   * made a '-', starting and ending with a letter or digit.
   */
  static String kubernetesName(String azureName) {
    String name = azureName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    name = name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    if (name.length() > MAX_NAME_LENGTH) {
      name = name.substring(0, MAX_NAME_LENGTH).replaceAll("[^a-z0-9]+$", "");
    }
    return name.isEmpty() ? "identity" : name;
  }

  static UserAssignedIdentity toResource(
      ImportedIdentity imported, String name, String namespace, ManagementPolicy policy) {
    AzureIdentity azure = imported.identity();
    IdentityRef ref = IdentityRef.parse(azure.resourceId());
    var spec = new UserAssignedIdentitySpec();
    spec.setSubscriptionId(ref.subscriptionId());
    spec.setResourceGroup(ref.resourceGroup());
    if (!name.equals(azure.name())) {
      spec.setAzureName(azure.name());
    }
    spec.setLocation(azure.location());
    if (azure.isolationScope() != IsolationScope.None) {
      spec.setIsolationScope(azure.isolationScope().name());
    }
    spec.setTags(nullIfEmpty(userTags(azure.tags())));
    spec.setRoleAssignments(
        nullIfEmpty(
            imported.roleAssignments().stream()
                .sorted(
                    Comparator.comparing(
                            (ImportedIdentity.ImportedRoleAssignment a) -> lower(a.scope()))
                        .thenComparing(a -> lower(a.role())))
                .map(IdentityManifests::roleAssignment)
                .toList()));
    spec.setFederatedCredentials(
        nullIfEmpty(
            imported.federatedCredentials().stream()
                .sorted(Comparator.comparing(FederatedCredential::name))
                .map(IdentityManifests::federatedCredential)
                .toList()));
    spec.setAssignees(
        nullIfEmpty(
            imported.assigneeIds().stream()
                .sorted(Comparator.comparing(IdentityManifests::lower))
                .map(AssigneeSpec::new)
                .toList()));
    spec.setDeletionPolicy(DeletionPolicy.Orphan.name());
    spec.setManagementPolicy(policy.name());
    var resource = new UserAssignedIdentity();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(UserAssignedIdentity.ADOPT_ANNOTATION, "true");
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withAnnotations(annotations)
            .build());
    resource.setSpec(spec);
    return resource;
  }

  /** The tags a spec may declare: the operator's ownership tags are its own to write. */
  static Map<String, String> userTags(Map<String, String> tags) {
    Map<String, String> kept = new TreeMap<>();
    tags.forEach(
        (key, value) -> {
          if (!lower(key).startsWith(AzureNameRules.OWNER_TAG_PREFIX)) {
            kept.put(key, value);
          }
        });
    return kept;
  }

  private static RoleAssignmentSpec roleAssignment(ImportedIdentity.ImportedRoleAssignment a) {
    var spec = new RoleAssignmentSpec(a.role(), a.scope());
    spec.setDescription(a.description());
    spec.setCondition(a.condition());
    spec.setConditionVersion(a.condition() == null ? null : a.conditionVersion());
    return spec;
  }

  private static FederatedCredentialSpec federatedCredential(FederatedCredential credential) {
    var spec = new FederatedCredentialSpec(credential.issuer(), credential.subject());
    spec.setName(credential.name());
    if (credential.expression() != null) {
      var expression = new ClaimsMatchingExpressionSpec(credential.expression().value());
      expression.setLanguageVersion(credential.expression().languageVersion());
      spec.setClaimsMatchingExpression(expression);
    }
    if (!credential.audiences().equals(List.of(AzureNameRules.TOKEN_EXCHANGE_AUDIENCE))) {
      spec.setAudiences(credential.audiences());
    }
    return spec;
  }

  private static String withSuffix(String name, String suffix) {
    String base = name.substring(0, Math.min(name.length(), MAX_NAME_LENGTH - suffix.length() - 1));
    return base.replaceAll("[^a-z0-9]+$", "") + "-" + suffix;
  }

  /** Eight hex digits of the SHA-256 of the lower-cased resource ID: stable across imports. */
  static String idHash(String resourceId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(lower(resourceId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static <T> List<T> nullIfEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  private static <K, V> Map<K, V> nullIfEmpty(Map<K, V> map) {
    return map.isEmpty() ? null : map;
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
