package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;

/** How a move of the identity (a migration) is carried out. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationSpec {

  /** A duration as Kubernetes writes them: 90s, 10m, 1h30m. */
  public static final String DURATION = "^([0-9]{1,6}[hms]){1,3}$";

  @JsonPropertyDescription(
      "How long both identities stay in place after the new one was verified, before the old one"
          + " is detached and deleted (a soak time), such as 30m or 1h. Default 0: at once.")
  @Size(max = 24)
  @Pattern(DURATION)
  private String soak;

  public MigrationSpec() {}

  public MigrationSpec(String soak) {
    this.soak = soak;
  }

  public String getSoak() {
    return soak;
  }

  public void setSoak(String soak) {
    this.soak = soak;
  }

  /** The soak time; zero when absent or not a duration (the schema refuses those). */
  public Duration soakTime() {
    if (soak == null || !soak.matches(DURATION)) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    Matcher part = java.util.regex.Pattern.compile("([0-9]+)([hms])").matcher(soak);
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MigrationSpec other && Objects.equals(soak, other.soak);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(soak);
  }
}
