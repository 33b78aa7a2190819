package dev.operators.identity.operator.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Azure services support managed identities, per cloud, as transcribed from Microsoft's
 * "Services that support managed identities for Azure resources" (ms.date 01/28/2021) into the
 * classpath resource {@value #RESOURCE}.
 *
 * <p>The document is old: a resource type it does not list answers {@link Availability#NOT_LISTED},
 * which means "no opinion" (let Azure's own answer decide), never "unsupported".
 */
public final class ManagedIdentitySupport {

  /** The classpath resource holding the transcription. */
  public static final String RESOURCE = "/managed-identity-support.json";

  /** The clouds the operator runs against, as it names them. */
  public static final List<String> OPERATOR_CLOUDS =
      List.of("AzureCloud", "AzureUSGovernment", "AzureChinaCloud");

  /** The retired cloud the document still has a column for. */
  public static final String AZURE_GERMANY = "AzureGermanCloud";

  private static final Set<String> DATA_CLOUDS =
      Set.of("AzureCloud", "AzureUSGovernment", "AzureChinaCloud", AZURE_GERMANY);

  /** {@code Namespace/type}, optionally followed by child types. */
  private static final Pattern RESOURCE_TYPE =
      Pattern.compile("[A-Za-z0-9]+(\\.[A-Za-z0-9]+)+(/[A-Za-z0-9]+)+");

  /** What the document says about one kind of identity on one resource type in one cloud. */
  public enum Availability {
    AVAILABLE,
    PREVIEW,
    NOT_AVAILABLE,
    /** Listed, but the document's cell could not be read. */
    UNKNOWN,
    /** The document does not cover the resource type (or the cloud): let Azure decide. */
    NOT_LISTED;

    /** A value as the data file spells it. */
    static Availability fromData(String value) {
      if (value == null) {
        throw new IllegalArgumentException("a managed identity availability is missing");
      }
      return switch (value) {
        case "Available" -> AVAILABLE;
        case "Preview" -> PREVIEW;
        case "NotAvailable" -> NOT_AVAILABLE;
        case "Unknown" -> UNKNOWN;
        default ->
            throw new IllegalArgumentException(
                "unknown managed identity availability '"
                    + value
                    + "': use Available, Preview, NotAvailable or Unknown");
      };
    }
  }

  /** The data file's shape. */
  record Document(
      String source,
      String documentDate,
      List<String> notes,
      Map<String, CloudColumn> clouds,
      List<ServiceSupport> services,
      List<AuthenticationTarget> authenticationTargets) {

    Document {
      notes = notes == null ? List.of() : List.copyOf(notes);
      clouds = clouds == null ? Map.of() : Map.copyOf(clouds);
      services = services == null ? List.of() : List.copyOf(services);
      authenticationTargets =
          authenticationTargets == null ? List.of() : List.copyOf(authenticationTargets);
    }
  }

  private final Document document;
  private final LocalDate documentDate;
  private final Map<String, List<ServiceSupport>> byType;

  private ManagedIdentitySupport(Document document) {
    this.document = document;
    this.documentDate = LocalDate.parse(document.documentDate());
    Map<String, List<ServiceSupport>> index = new LinkedHashMap<>();
    for (ServiceSupport service : document.services()) {
      for (String type : service.resourceTypes()) {
        index.computeIfAbsent(key(type), k -> new ArrayList<>()).add(service);
      }
    }
    index.replaceAll((k, v) -> List.copyOf(v));
    this.byType = Map.copyOf(index);
  }

  /** The transcription shipped on the classpath. */
  public static ManagedIdentitySupport load() {
    try (InputStream in = ManagedIdentitySupport.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses and validates a transcription. */
  static ManagedIdentitySupport parse(InputStream in) throws IOException {
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Document document = mapper.readValue(in, Document.class);
    validate(document);
    return new ManagedIdentitySupport(document);
  }

  /**
   * Whether a user-assigned identity can be attached to a resource of the given type in the given
   * cloud, as the document says.
   *
   * @param resourceType an ARM resource type such as {@code Microsoft.Web/sites}, case-insensitive;
   *     child types (e.g. {@code Microsoft.ContainerRegistry/registries/tasks}) match only
   *     themselves, never their parent
   * @param cloudName {@code AzureCloud}, {@code AzureUSGovernment} or {@code AzureChinaCloud},
   *     case-insensitive; {@code Custom} (Azure Stack Hub, the emulator) is not covered by the
   *     document and answers {@link Availability#NOT_LISTED}
   * @throws IllegalArgumentException for Azure Germany (retired) or an unknown cloud name
   */
  public Availability userAssigned(String resourceType, String cloudName) {
    return lookup(resourceType, cloudName, false);
  }

  /** Like {@link #userAssigned}, for the system-assigned identity. */
  public Availability systemAssigned(String resourceType, String cloudName) {
    return lookup(resourceType, cloudName, true);
  }

  /**
   * The document's name for the service behind a resource type. A type shared by several services
   * names them all, in document order, separated by a slash: {@code Microsoft.Web/sites} is "Azure
   * App Service / Azure Functions".
   */
  public Optional<String> serviceName(String resourceType) {
    List<ServiceSupport> services = services(resourceType);
    if (services.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        services.stream().map(ServiceSupport::service).collect(Collectors.joining(" / ")));
  }

  /** The document's entries for a resource type, in document order; empty when not listed. */
  public List<ServiceSupport> services(String resourceType) {
    Objects.requireNonNull(resourceType, "resourceType");
    return byType.getOrDefault(key(resourceType), List.of());
  }

  /** Every source service, in document order. */
  public List<ServiceSupport> services() {
    return document.services();
  }

  /**
   * The document's second section: services identities authenticate to, kept apart from {@link
   * #services()} and never consulted for availability.
   */
  public List<AuthenticationTarget> authenticationTargets() {
    return document.authenticationTargets();
  }

  /** The document's columns, by cloud name. */
  public Map<String, CloudColumn> clouds() {
    return document.clouds();
  }

  /** The document's title and date. */
  public String source() {
    return document.source();
  }

  /** The document's ms.date. */
  public LocalDate documentDate() {
    return documentDate;
  }

  private Availability lookup(String resourceType, String cloudName, boolean system) {
    Objects.requireNonNull(resourceType, "resourceType");
    Optional<String> cloud = operatorCloud(cloudName);
    List<ServiceSupport> services = services(resourceType);
    if (cloud.isEmpty() || services.isEmpty()) {
      return Availability.NOT_LISTED;
    }
    Set<Availability> answers =
        services.stream()
            .map(s -> system ? s.systemAssignedIn(cloud.get()) : s.userAssignedIn(cloud.get()))
            .collect(Collectors.toSet());
    // Services sharing a type that disagree leave the answer open.
    return answers.size() == 1 ? answers.iterator().next() : Availability.UNKNOWN;
  }

  /** The data file's name for an operator cloud; empty for Custom. */
  private static Optional<String> operatorCloud(String cloudName) {
    Objects.requireNonNull(cloudName, "cloudName");
    String name = cloudName.trim();
    for (String cloud : OPERATOR_CLOUDS) {
      if (cloud.equalsIgnoreCase(name)) {
        return Optional.of(cloud);
      }
    }
    if ("Custom".equalsIgnoreCase(name)) {
      return Optional.empty();
    }
    if (AZURE_GERMANY.equalsIgnoreCase(name)) {
      throw new IllegalArgumentException(
          "Azure Germany (AzureGermanCloud) is retired and is not a cloud the operator supports");
    }
    throw new IllegalArgumentException(
        "unknown Azure cloud '"
            + cloudName
            + "': use AzureCloud, AzureUSGovernment or AzureChinaCloud");
  }

  private static String key(String resourceType) {
    return resourceType.trim().toLowerCase(Locale.ROOT);
  }

  private static void validate(Document d) {
    require(d.source() != null && !d.source().isBlank(), "source is missing");
    require(d.documentDate() != null, "documentDate is missing");
    try {
      LocalDate.parse(d.documentDate());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "managed identity support data: documentDate is not an ISO date: " + d.documentDate(), e);
    }
    require(d.clouds().keySet().equals(DATA_CLOUDS), "clouds must be " + DATA_CLOUDS);
    d.clouds()
        .forEach(
            (name, column) ->
                require(
                    column.retired() == AZURE_GERMANY.equals(name),
                    "only " + AZURE_GERMANY + " is retired, not " + name));
    require(!d.services().isEmpty(), "services are missing");
    for (ServiceSupport s : d.services()) {
      String where = "service '" + s.service() + "': ";
      require(s.service() != null && !s.service().isBlank(), "a service has no name");
      require(!s.resourceTypes().isEmpty(), where + "no resourceTypes");
      for (String type : s.resourceTypes()) {
        require(RESOURCE_TYPE.matcher(type).matches(), where + "bad resource type '" + type + "'");
      }
      require(s.systemAssigned().keySet().equals(DATA_CLOUDS), where + "systemAssigned clouds");
      require(s.userAssigned().keySet().equals(DATA_CLOUDS), where + "userAssigned clouds");
      s.systemAssigned().values().forEach(Availability::fromData);
      s.userAssigned().values().forEach(Availability::fromData);
    }
    for (AuthenticationTarget t : d.authenticationTargets()) {
      require(t.targetOnly(), "authentication target '" + t.service() + "' must be targetOnly");
      require(t.status().keySet().equals(DATA_CLOUDS), "target '" + t.service() + "': clouds");
      t.status().values().forEach(Availability::fromData);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("managed identity support data: " + message);
    }
  }
}
