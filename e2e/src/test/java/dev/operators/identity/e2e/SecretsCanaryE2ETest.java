package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.time.Duration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/**
 * A canary: the operator's credential (the emulator's client secret) and the tokens it gets for it
 * appear nowhere the operator writes: logs at every level, events, status, metrics. The lifecycle
 * covers creation, a failure (a missing resource group) and deletion.
 */
class SecretsCanaryE2ETest extends E2EFixture {

  @Test
  void noCredentialOrTokenInLogsEventsStatusOrMetrics() {
    StringWriter logs = new StringWriter();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    WriterAppender appender =
        WriterAppender.newBuilder()
            .setName("canary")
            .setTarget(logs)
            .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build())
            .build();
    appender.start();
    config.addAppender(appender);
    // every configured logger (log4j2.xml names some, e.g. com.azure), and the root, at ALL
    java.util.Map<org.apache.logging.log4j.core.config.LoggerConfig, Level> before =
        new java.util.HashMap<>();
    java.util.List<org.apache.logging.log4j.core.config.LoggerConfig> loggers =
        new java.util.ArrayList<>(config.getLoggers().values());
    loggers.add(config.getRootLogger());
    for (var logger : new java.util.LinkedHashSet<>(loggers)) {
      before.put(logger, logger.getLevel());
      logger.addAppender(appender, Level.ALL, null);
      logger.setLevel(Level.ALL);
    }
    context.updateLoggers();
    try {
      apply(identityWithReader("canary"));
      awaitReady("canary");
      var broken = identity("canary-broken", "eastus");
      broken.getSpec().setResourceGroup("rg-missing");
      apply(broken);
      awaitCondition("canary-broken", "IdentityReady", "False", "AzureError");
      String status =
          JSON.valueToTree(cr("canary").get().getStatus()).toString()
              + JSON.valueToTree(cr("canary-broken").get().getStatus()).toString();
      cr("canary").delete();
      await().atMost(Duration.ofSeconds(30)).until(() -> cr("canary").get() == null);

      String secret = stack.emulator().clientSecret();
      String everything =
          logs
              + "\n"
              + String.join("\n", events("canary"))
              + String.join("\n", events("canary-broken"))
              + "\n"
              + status
              + "\n"
              + stack.operator().metrics().scrape();
      assertThat(logs.toString()).contains("canary").contains("DEBUG"); // captured, every level
      assertThat(everything).doesNotContain(secret);
      assertThat(everything).doesNotContain("eyJ"); // no JWT (the tokens the emulator issues)
      assertThat(everything.toLowerCase()).doesNotContain("bearer ");
    } finally {
      before.forEach(
          (logger, level) -> {
            logger.removeAppender("canary");
            logger.setLevel(level);
          });
      config.getAppenders().remove("canary");
      context.updateLoggers();
      appender.stop();
    }
  }
}
