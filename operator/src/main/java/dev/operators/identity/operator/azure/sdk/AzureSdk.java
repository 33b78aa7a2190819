package dev.operators.identity.operator.azure.sdk;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Configuration;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import dev.operators.identity.operator.config.AzureCloud;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.metrics.AzureCallMetricsPolicy;
import dev.operators.identity.operator.metrics.OperatorMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the one HTTP pipeline every Azure adapter shares: the JDK HTTP client (trusting an extra
 * CA for custom endpoints), an azure-identity credential, retries that honour {@code Retry-After},
 * the operator's request budget ({@link RequestBudgetPolicy}: spaced requests, 429s rare), and
 * metrics of every call and attempt ({@link AzureCallMetricsPolicy}).
 */
public final class AzureSdk {

  private final AzureCloud cloud;
  private final String tenantId;
  private final HttpPipeline pipeline;
  private final TokenCredential credential;
  private final Path caCertificateFile;

  private AzureSdk(
      AzureCloud cloud,
      String tenantId,
      HttpPipeline pipeline,
      TokenCredential credential,
      Path caCertificateFile) {
    this.cloud = cloud;
    this.tenantId = tenantId;
    this.pipeline = pipeline;
    this.credential = credential;
    this.caCertificateFile = caCertificateFile;
  }

  /** The pipeline for the configured cloud and credential. */
  public static AzureSdk connect(OperatorConfig config) {
    SSLContext sslContext = sslContext(config.caCertificateFile());
    HttpClient httpClient =
        new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(sslContext))
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(Duration.ofSeconds(60))
            .build();
    TokenCredential credential = credential(config, httpClient);
    AzureProfile profile =
        new AzureProfile(config.tenantId(), config.defaultSubscriptionId(), environment(config));
    HttpPipeline pipeline =
        HttpPipelineProvider.buildHttpPipeline(
            credential,
            profile,
            null,
            new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE),
            Configuration.getGlobalConfiguration(),
            new RetryPolicy(new BoundedRetryStrategy()),
            policies(config),
            httpClient);
    return new AzureSdk(
        config.cloud(), config.tenantId(), pipeline, credential, config.caCertificateFile());
  }

  /**
   * The operator's own policies: its request budget first (its refusals never reach the metrics of
   * attempts, which count what was sent), then the metrics of calls and attempts.
   */
  private static List<HttpPipelinePolicy> policies(OperatorConfig config) {
    RequestBudget budget =
        new RequestBudget(
            BudgetLimits.azure().withScale(config.azureRateScale()), Clock.systemUTC());
    String principal = config.clientId() == null ? "operator" : config.clientId();
    List<HttpPipelinePolicy> policies =
        new ArrayList<>(RequestBudgetPolicy.policies(budget, principal));
    policies.addAll(AzureCallMetricsPolicy.policies(OperatorMetrics.azureCalls()));
    return policies;
  }

  /** On a given pipeline (tests: a recording HTTP client behind it; no Microsoft Graph). */
  static AzureSdk on(AzureCloud cloud, String tenantId, HttpPipeline pipeline) {
    return new AzureSdk(cloud, tenantId, pipeline, null, null);
  }

  /** The cloud, for its Microsoft Graph endpoint. */
  AzureCloud cloud() {
    return cloud;
  }

  /** The operator's azure-identity credential (Microsoft Graph asks it for Graph's scope). */
  TokenCredential credential() {
    return credential;
  }

  /** The extra CA certificate trusted for custom endpoints, or {@code null}. */
  Path caCertificateFile() {
    return caCertificateFile;
  }

  public HttpPipeline pipeline() {
    return pipeline;
  }

  /** The profile for one subscription: managers are per subscription, the pipeline is shared. */
  public AzureProfile profile(String subscriptionId) {
    return new AzureProfile(tenantId, subscriptionId, cloud.environment());
  }

  private static AzureEnvironment environment(OperatorConfig config) {
    return config.cloud().environment();
  }

  /**
   * A client secret when one is configured (clusters without workload identity, the emulator);
   * otherwise DefaultAzureCredential: workload identity on AKS, environment, managed identity.
   */
  private static TokenCredential credential(OperatorConfig config, HttpClient httpClient) {
    String authority = config.cloud().authorityHost();
    if (config.clientSecret() != null) {
      var builder =
          new ClientSecretCredentialBuilder()
              .tenantId(config.tenantId())
              .clientId(config.clientId())
              .clientSecret(config.clientSecret())
              .authorityHost(authority)
              .httpClient(httpClient);
      if (config.cloud().isCustom()) {
        builder.disableInstanceDiscovery();
      }
      return builder.build();
    }
    var builder =
        new DefaultAzureCredentialBuilder().authorityHost(authority).httpClient(httpClient);
    if (config.tenantId() != null) {
      builder.tenantId(config.tenantId());
    }
    if (config.clientId() != null) {
      builder
          .managedIdentityClientId(config.clientId())
          .workloadIdentityClientId(config.clientId());
    }
    if (config.cloud().isCustom()) {
      builder.disableInstanceDiscovery();
    }
    return builder.build();
  }

  /** The JVM's default trust store, plus the extra CA certificate when one is configured. */
  static SSLContext sslContext(Path extraCaFile) {
    try {
      if (extraCaFile == null) {
        return SSLContext.getDefault();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustManager(extraCaFile)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the CA certificate in " + extraCaFile, e);
    }
  }

  /**
   * The trust manager of {@link #sslContext} (OkHttp, under the Graph SDK, wants it): the JVM's
   * defaults, plus the extra CA certificate when one is configured.
   */
  static X509TrustManager trustManager(Path extraCaFile) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      TrustManagerFactory defaults =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      int i = 0;
      for (var manager : defaults.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate issuer : x509.getAcceptedIssuers()) {
            trust.setCertificateEntry("default-" + i++, issuer);
          }
        }
      }
      if (extraCaFile == null) {
        return (X509TrustManager) defaults.getTrustManagers()[0];
      }
      try (InputStream pem = Files.newInputStream(extraCaFile)) {
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
          trust.setCertificateEntry("extra-" + i++, certificate);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      for (var manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the CA certificate in " + extraCaFile, e);
    }
  }
}
