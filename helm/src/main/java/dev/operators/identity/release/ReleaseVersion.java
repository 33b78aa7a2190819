package dev.operators.identity.release;

/**
 * The version a release carries: the Maven project version without {@code -SNAPSHOT}. Between
 * releases the poms say {@code 0.1.0-SNAPSHOT} while the chart, the image tag and the plain
 * manifests already name {@code 0.1.0}, the release being prepared; cutting it drops the suffix.
 */
public record ReleaseVersion(String value) {

  private static final String SNAPSHOT = "-SNAPSHOT";

  public ReleaseVersion {
    if (!value.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?") || value.endsWith(SNAPSHOT)) {
      throw new IllegalArgumentException("not a release version (SemVer, no -SNAPSHOT): " + value);
    }
  }

  /** The release version of a Maven project version. */
  public static ReleaseVersion ofProjectVersion(String projectVersion) {
    return new ReleaseVersion(
        projectVersion.endsWith(SNAPSHOT)
            ? projectVersion.substring(0, projectVersion.length() - SNAPSHOT.length())
            : projectVersion);
  }

  /** The image reference the release names: {@code REPOSITORY:VERSION}. */
  public String image(String repository) {
    return repository + ":" + value;
  }

  @Override
  public String toString() {
    return value;
  }
}
