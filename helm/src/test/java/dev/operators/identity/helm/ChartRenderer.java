package dev.operators.identity.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Renders the chart with helm-java ({@code helm template}, offline) and parses the result. */
final class ChartRenderer {

  static final String RELEASE = "aio";
  static final String NAMESPACE = "azure-identity-operator";
  static final Path CHART_DIR = Path.of(System.getProperty("chart.dir", "azure-identity-operator"));
  static final Path VALUES_DIR = Path.of("src/test/resources/values");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

  private ChartRenderer() {}

  /** Renders with one of the value sets in src/test/resources/values (cached: charts are pure). */
  static Rendered withValuesFile(String name) {
    return CACHE.computeIfAbsent(
        name, n -> parse(template().withValuesFile(VALUES_DIR.resolve(n + ".yaml")).call()));
  }

  /** Renders with a value set given as YAML text (written to a temporary file). */
  static Rendered withValues(String valuesYaml) {
    return parse(renderRaw(valuesYaml));
  }

  /** The raw output of {@code helm template} for a value set given as YAML text. */
  static String renderRaw(String valuesYaml) {
    try {
      Path file = Files.createTempFile("values-", ".yaml");
      try {
        Files.writeString(file, valuesYaml);
        return template().withValuesFile(file).call();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TemplateCommand template() {
    return template(RELEASE);
  }

  static TemplateCommand template(String release) {
    return new Helm(CHART_DIR).template().withName(release).withNamespace(NAMESPACE);
  }

  static Rendered parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
    }
    return new Rendered(yaml, List.copyOf(objects));
  }

  /** The rendered YAML text and the objects parsed from it. */
  record Rendered(String yaml, List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    /** The one object of the type with that name. */
    <T extends HasMetadata> T named(Class<T> type, String name) {
      List<T> found =
          all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + type.getSimpleName() + " " + name + ", found " + found.size());
      }
      return found.get(0);
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError(
            "expected exactly one " + type.getSimpleName() + ", found " + found.size());
      }
      return found.get(0);
    }
  }
}
