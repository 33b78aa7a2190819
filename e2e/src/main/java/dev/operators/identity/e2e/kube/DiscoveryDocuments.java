package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy (unaggregated) discovery documents kubectl and client-go read: {@code /api}, {@code
 * /api/v1}, {@code /apis}, {@code /apis/{group}} and {@code /apis/{group}/{version}}, built from a
 * fixed set of built-in resources plus the custom resource definitions currently stored.
 */
final class DiscoveryDocuments {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  /** A built-in resource the embedded server answers for (the CRUD store takes any path). */
  private record BuiltIn(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean status,
      List<String> verbs) {

    BuiltIn(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        boolean status) {
      this(group, version, plural, singular, kind, namespaced, shortNames, status, null);
    }
  }

  /** A review resource: created (evaluated) only, never stored. */
  private static BuiltIn review(String group, String plural, String kind, boolean namespaced) {
    return new BuiltIn(
        group, "v1", plural, "", kind, namespaced, List.of(), false, List.of("create"));
  }

  private static final List<BuiltIn> BUILT_INS =
      List.of(
          new BuiltIn("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), true),
          new BuiltIn("", "v1", "events", "event", "Event", true, List.of("ev"), false),
          new BuiltIn("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), false),
          new BuiltIn("", "v1", "secrets", "secret", "Secret", true, List.of(), false),
          new BuiltIn(
              "",
              "v1",
              "serviceaccounts",
              "serviceaccount",
              "ServiceAccount",
              true,
              List.of("sa"),
              false),
          new BuiltIn("", "v1", "pods", "pod", "Pod", true, List.of("po"), true),
          new BuiltIn("", "v1", "services", "service", "Service", true, List.of("svc"), true),
          new BuiltIn(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              true),
          new BuiltIn(
              "coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), false),
          new BuiltIn(
              "admissionregistration.k8s.io",
              "v1",
              "validatingwebhookconfigurations",
              "validatingwebhookconfiguration",
              "ValidatingWebhookConfiguration",
              false,
              List.of(),
              false),
          new BuiltIn(
              "events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), false),
          new BuiltIn(
              "apps",
              "v1",
              "deployments",
              "deployment",
              "Deployment",
              true,
              List.of("deploy"),
              true),
          review(
              "authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
          review(
              "authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
          review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", false),
          review(
              "authorization.k8s.io",
              "localsubjectaccessreviews",
              "LocalSubjectAccessReview",
              true),
          review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false));

  private final List<CustomResourceDefinition> crds;
  private final String serverAddress;

  /**
   * @param crds the custom resource definitions to advertise (only served versions are listed)
   * @param serverAddress host:port for {@code serverAddressByClientCIDRs}
   */
  DiscoveryDocuments(List<CustomResourceDefinition> crds, String serverAddress) {
    this.crds = List.copyOf(crds);
    this.serverAddress = serverAddress;
  }

  /** The custom resource definitions this view was built from. */
  List<CustomResourceDefinition> crds() {
    return crds;
  }

  /** {@code GET /api}. */
  APIVersions coreVersions() {
    return new APIVersionsBuilder()
        .withVersions("v1")
        .withServerAddressByClientCIDRs(
            new ServerAddressByClientCIDRBuilder()
                .withClientCIDR("0.0.0.0/0")
                .withServerAddress(serverAddress)
                .build())
        .build();
  }

  /** {@code GET /apis}: the built-in groups, then each CRD group, in first-seen order. */
  APIGroupList groups() {
    return new APIGroupListBuilder().withGroups(groupMap().values().stream().toList()).build();
  }

  /** {@code GET /apis/{group}}, empty when the group is unknown. */
  Optional<APIGroup> group(String name) {
    return Optional.ofNullable(groupMap().get(name));
  }

  /**
   * {@code GET /api/v1} (group "") or {@code GET /apis/{group}/{version}}; empty when nothing is
   * served under that group-version (the API server then answers 404).
   */
  Optional<APIResourceList> resources(String group, String version) {
    List<APIResource> resources = new ArrayList<>();
    for (BuiltIn builtIn : BUILT_INS) {
      if (builtIn.group().equals(group) && builtIn.version().equals(version)) {
        APIResource resource =
            resource(
                builtIn.plural(),
                builtIn.singular(),
                builtIn.kind(),
                builtIn.namespaced(),
                builtIn.shortNames(),
                List.of());
        if (builtIn.verbs() != null) {
          resource.setVerbs(builtIn.verbs());
        }
        resources.add(resource);
        if (builtIn.status()) {
          resources.add(subresource(builtIn.plural() + "/status", builtIn.kind(), builtIn));
        }
      }
    }
    boolean known = !resources.isEmpty();
    for (CustomResourceDefinition crd : crds) {
      if (!crd.getSpec().getGroup().equals(group)) {
        continue;
      }
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (!v.getName().equals(version) || !Boolean.TRUE.equals(v.getServed())) {
          continue;
        }
        known = true;
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
        String singular =
            names.getSingular() == null || names.getSingular().isEmpty()
                ? names.getKind().toLowerCase(Locale.ROOT)
                : names.getSingular();
        resources.add(
            resource(
                names.getPlural(),
                singular,
                names.getKind(),
                namespaced,
                names.getShortNames(),
                names.getCategories()));
        if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
          resources.add(
              new APIResourceBuilder()
                  .withName(names.getPlural() + "/status")
                  .withSingularName("")
                  .withNamespaced(namespaced)
                  .withKind(names.getKind())
                  .withVerbs(SUBRESOURCE_VERBS)
                  .build());
        }
        if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
          resources.add(
              new APIResourceBuilder()
                  .withName(names.getPlural() + "/scale")
                  .withSingularName("")
                  .withNamespaced(namespaced)
                  .withGroup("autoscaling")
                  .withVersion("v1")
                  .withKind("Scale")
                  .withVerbs(SUBRESOURCE_VERBS)
                  .build());
        }
      }
    }
    if (!known) {
      return Optional.empty();
    }
    return Optional.of(
        new APIResourceListBuilder()
            .withGroupVersion(group.isEmpty() ? version : group + "/" + version)
            .withResources(resources)
            .build());
  }

  /** The CRD that serves {@code group/version/plural}, if any. */
  Optional<CustomResourceDefinition> crdFor(String group, String version, String plural) {
    return crds.stream()
        .filter(crd -> crd.getSpec().getGroup().equals(group))
        .filter(crd -> crd.getSpec().getNames().getPlural().equals(plural))
        .filter(
            crd -> crd.getSpec().getVersions().stream().anyMatch(v -> v.getName().equals(version)))
        .findFirst();
  }

  private Map<String, APIGroup> groupMap() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (BuiltIn builtIn : BUILT_INS) {
      if (!builtIn.group().isEmpty()) {
        addVersion(versionsByGroup, builtIn.group(), builtIn.version());
      }
    }
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (Boolean.TRUE.equals(v.getServed())) {
          addVersion(versionsByGroup, crd.getSpec().getGroup(), v.getName());
        }
      }
    }
    Map<String, APIGroup> groups = new LinkedHashMap<>();
    versionsByGroup.forEach(
        (group, versions) -> {
          List<String> sorted = new ArrayList<>(versions);
          sorted.sort(KUBE_VERSION_PRIORITY);
          List<GroupVersionForDiscovery> discovery =
              sorted.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
          groups.put(
              group,
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(discovery)
                  .withPreferredVersion(discovery.get(0))
                  .build());
        });
    return groups;
  }

  private static void addVersion(Map<String, List<String>> map, String group, String version) {
    List<String> versions = map.computeIfAbsent(group, g -> new ArrayList<>());
    if (!versions.contains(version)) {
      versions.add(version);
    }
  }

  private static APIResource resource(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories) {
    return new APIResourceBuilder()
        .withName(plural)
        .withSingularName(singular)
        .withNamespaced(namespaced)
        .withKind(kind)
        .withVerbs(
            namespaced ? VERBS : VERBS.stream().filter(v -> !v.equals("deletecollection")).toList())
        .withShortNames(shortNames == null ? List.of() : shortNames)
        .withCategories(categories == null ? List.of() : categories)
        .build();
  }

  private static APIResource subresource(String name, String kind, BuiltIn builtIn) {
    return new APIResourceBuilder()
        .withName(name)
        .withSingularName("")
        .withNamespaced(builtIn.namespaced())
        .withKind(kind)
        .withVerbs(SUBRESOURCE_VERBS)
        .build();
  }

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /**
   * Kubernetes' version priority: GA before beta before alpha, higher numbers first, then versions
   * that do not look like Kubernetes versions, alphabetically.
   */
  static final Comparator<String> KUBE_VERSION_PRIORITY =
      (a, b) -> {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
          return ka == kb ? a.compareTo(b) : (ka ? -1 : 1);
        }
        int stability = Integer.compare(stability(mb.group(2)), stability(ma.group(2)));
        if (stability != 0) {
          return stability;
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
          return major;
        }
        return Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
      };

  private static int stability(String qualifier) {
    return qualifier == null ? 2 : qualifier.equals("beta") ? 1 : 0;
  }
}
