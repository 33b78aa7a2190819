# Container image of the operator. Minimal JRE base (distroless Java 17: no shell, no package
# manager), running as the non-root user 65532.
#
# Build (the Maven build itself never needs Docker):
#   mvn -B -q package -DskipTests -pl operator -am   # -> operator/target/azure-identity-operator.jar
#   docker build -t azure-identity-operator:0.1.0 .
#
# operator/target/azure-identity-operator.jar is the operator's shaded (runnable) jar, with
# Main-Class dev.operators.identity.operator.Main.
#
# JVM flags come from JDK_JAVA_OPTIONS (the Helm chart sets it from `jvmOptions`: heap as a
# percentage of the container memory limit). The root filesystem can be read-only: the JVM only
# writes to /tmp (an emptyDir in the chart).
FROM gcr.io/distroless/java17-debian12:nonroot

WORKDIR /app
COPY --chown=65532:65532 operator/target/azure-identity-operator.jar /app/azure-identity-operator.jar

USER 65532:65532
EXPOSE 8080
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"

ENTRYPOINT ["java", "-jar", "/app/azure-identity-operator.jar"]
