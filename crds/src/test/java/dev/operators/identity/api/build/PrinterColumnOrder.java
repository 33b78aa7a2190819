package dev.operators.identity.api.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step (run by the crds module after the CRD generator): the Fabric8 generator sorts printer
 * columns by JSONPath, so {@code kubectl get} would show Age first. This puts them back in the
 * order the {@link AdditionalPrinterColumn} annotations are declared on the custom resource class.
 *
 * <p>Arguments: the directory holding the generated CRDs, then the custom resource class names.
 */
public final class PrinterColumnOrder {

  private static final String HEADER =
      "# Generated from the Java model at build time (crds module): do not edit.\n";

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (String className : Arrays.asList(args).subList(1, args.length)) {
      Class<?> type = Class.forName(className);
      List<String> declared =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      try (var files = Files.list(dir)) {
        for (Path file : files.filter(p -> p.toString().endsWith("-v1.yml")).toList()) {
          reorder(file, type.getSimpleName(), declared, serialization);
        }
      }
    }
  }

  private static void reorder(
      Path file, String kind, List<String> declared, KubernetesSerialization serialization)
      throws IOException {
    CustomResourceDefinition crd =
        serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    if (!kind.equals(crd.getSpec().getNames().getKind())) {
      return;
    }
    Comparator<CustomResourceColumnDefinition> byDeclaration =
        Comparator.comparingInt(column -> declared.indexOf(column.getName()));
    crd.getSpec()
        .getVersions()
        .forEach(version -> version.getAdditionalPrinterColumns().sort(byDeclaration));
    Files.writeString(file, HEADER + serialization.asYaml(crd));
  }
}
