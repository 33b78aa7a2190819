package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A wrong value fails {@code helm template} (and so {@code helm install}) with a message that names
 * the value: values.schema.json for types, enums and unknown keys, the chart's validate helper for
 * rules across values. In the value sets, {@code ;} separates lines and {@code $ID} is a GUID.
 */
class ChartValidationTest {

  private static final String GUID = "33333333-3333-3333-3333-333333333333";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown cloud         | clusterName: c1; azure: {cloud: AzurePublic, clientId: $ID} | at '/azure/cloud': value must be one of 'AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'Custom'
          missing clusterName   | azure: {clientId: $ID}                                      | missing property 'clusterName'
          empty clusterName     | clusterName: ''; azure: {clientId: $ID}                     | at '/clusterName': minLength
          replicas as a string  | clusterName: c1; azure: {clientId: $ID}; replicas: '3'      | at '/replicas': got string, want integer
          misspelt key          | clusterName: c1; azure: {clientId: $ID}; replica: 3         | additional properties 'replica' not allowed
          misspelt nested key   | clusterName: c1; azure: {clientId: $ID, workloadIdentity: {enable: true}} | at '/azure/workloadIdentity': additional properties 'enable' not allowed
          client ID not a GUID  | clusterName: c1; azure: {clientId: my-identity}             | at '/azure/clientId'
          resync period         | clusterName: c1; azure: {clientId: $ID}; resyncPeriod: ten minutes | at '/resyncPeriod'
          concurrency zero      | clusterName: c1; azure: {clientId: $ID}; reconcileConcurrency: 0   | at '/reconcileConcurrency'
          namespace not a label | clusterName: c1; azure: {clientId: $ID}; watchNamespaces: [Team_Orders] | at '/watchNamespaces/0'
          log format upper case | clusterName: c1; azure: {clientId: $ID}; logFormat: JSON    | at '/logFormat': value must be one of 'json', 'text'
          log format unknown    | clusterName: c1; azure: {clientId: $ID}; logFormat: logfmt  | at '/logFormat': value must be one of 'json', 'text'
          call log level trace  | clusterName: c1; azure: {clientId: $ID, callLogLevel: trace} | at '/azure/callLogLevel': value must be one of 'info', 'debug'
          call log level misplaced | clusterName: c1; azure: {clientId: $ID}; callLogLevel: debug | additional properties 'callLogLevel' not allowed
          grace period too short | clusterName: c1; azure: {clientId: $ID}; terminationGracePeriodSeconds: 30 | at '/terminationGracePeriodSeconds': minimum
          grace period a string | clusterName: c1; azure: {clientId: $ID}; terminationGracePeriodSeconds: '45' | at '/terminationGracePeriodSeconds': got string, want integer
          grace period fraction | clusterName: c1; azure: {clientId: $ID}; terminationGracePeriodSeconds: 40.5 | at '/terminationGracePeriodSeconds'
          webhook failure policy | clusterName: c1; azure: {clientId: $ID}; webhook: {failurePolicy: Maybe} | at '/webhook/failurePolicy': value must be one of 'Fail', 'Ignore'
          webhook timeout 31 s  | clusterName: c1; azure: {clientId: $ID}; webhook: {timeoutSeconds: 31} | at '/webhook/timeoutSeconds': maximum
          webhook port low      | clusterName: c1; azure: {clientId: $ID}; webhook: {port: 443} | at '/webhook/port': minimum
          shard name upper case | clusterName: c1; azure: {clientId: $ID}; shards: [{name: A, labelSelector: x=a}] | at '/shards/0/name'
          shard without name    | clusterName: c1; azure: {clientId: $ID}; shards: [{labelSelector: x=a}] | at '/shards/0': missing property 'name'
          shard misspelt key    | clusterName: c1; azure: {clientId: $ID}; shards: [{name: a, selector: x=a}] | additional properties 'selector' not allowed
          endpoint over http    | clusterName: c1; azure: {clientId: $ID, cloud: Custom, resourceManagerEndpoint: 'http://arm.local', authorityHost: 'https://login.local'} | at '/azure/resourceManagerEndpoint'
          """)
  void schemaRejects(String name, String values, String message) {
    assertThatThrownBy(() -> ChartRenderer.renderRaw(yaml(values)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          custom cloud without endpoints   | clusterName: c1; azure: {clientId: $ID, cloud: Custom}                                | azure.cloud=Custom needs azure.resourceManagerEndpoint and azure.authorityHost
          endpoint without custom cloud    | clusterName: c1; azure: {clientId: $ID, resourceManagerEndpoint: 'https://arm.local'} | only used with azure.cloud=Custom
          workload identity without client | clusterName: c1                                                                       | azure.workloadIdentity.enabled=true needs azure.clientId
          secret with workload identity    | clusterName: c1; azure: {clientId: $ID, tenantId: $ID, clientSecret: {existingSecret: creds}} | set azure.workloadIdentity.enabled=false
          created secret without value     | clusterName: c1; azure: {clientId: $ID, tenantId: $ID, workloadIdentity: {enabled: false}, clientSecret: {create: true}} | azure.clientSecret.create=true needs azure.clientSecret.value
          secret without tenant            | clusterName: c1; azure: {clientId: $ID, workloadIdentity: {enabled: false}, clientSecret: {existingSecret: creds}} | azure.clientSecret needs azure.clientId and azure.tenantId
          two CA sources                   | clusterName: c1; azure: {clientId: $ID, caCertificate: {configMap: a, secret: b}}      | set configMap or secret, not both
          replicas without election        | clusterName: c1; azure: {clientId: $ID}; replicas: 2; leaderElection: {enabled: false} | replicas > 1 needs leader election
          shard named twice                | clusterName: c1; azure: {clientId: $ID}; shards: [{name: a, labelSelector: x=a}, {name: a, labelSelector: x=b}] | shards: the name a is used twice
          shard selecting everything       | clusterName: c1; azure: {clientId: $ID}; shards: [{name: a, labelSelector: x=a}, {name: b}] | shard b needs a labelSelector or namespaces
          shard outside watched namespaces | clusterName: c1; azure: {clientId: $ID}; watchNamespaces: [t1]; shards: [{name: a, namespaces: [t2]}] | namespace t2 of shard a is not in watchNamespaces
          shard replicas without election  | clusterName: c1; azure: {clientId: $ID}; leaderElection: {enabled: false}; shards: [{name: a, labelSelector: x=a, replicas: 2}] | shard a has replicas > 1, which needs leader election
          service monitor without service  | clusterName: c1; azure: {clientId: $ID}; metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}} | metrics.serviceMonitor.enabled=true needs metrics.service.enabled=true
          """)
  void chartRejects(String name, String values, String message) {
    assertThatThrownBy(() -> ChartRenderer.renderRaw(yaml(values))).hasMessageContaining(message);
  }

  private static String yaml(String values) {
    return String.join("\n", values.replace("$ID", GUID).split(";\\s*")) + "\n";
  }
}
