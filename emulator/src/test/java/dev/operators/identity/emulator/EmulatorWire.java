package dev.operators.identity.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw HTTP access to an emulator for wire-shape tests (java.net.http, no Azure SDK). */
final class EmulatorWire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MSI_API = "2024-11-30";
  static final String RG_API = "2025-04-01";

  final ArmEmulator emulator;
  final HttpClient http;
  private String token;

  EmulatorWire(ArmEmulator emulator) {
    this.emulator = emulator;
    this.http =
        HttpClient.newBuilder()
            .sslContext(emulator.clientSslContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String code() {
      return body == null ? null : body.path("error").path("code").asText(null);
    }

    String message() {
      return body == null ? null : body.path("error").path("message").asText(null);
    }
  }

  String token() {
    if (token == null) {
      Reply reply =
          form(
              "/" + emulator.tenantId() + "/oauth2/v2.0/token",
              "grant_type=client_credentials&client_id="
                  + emulator.clientId()
                  + "&client_secret="
                  + URLEncoder.encode(emulator.clientSecret(), StandardCharsets.UTF_8)
                  + "&scope="
                  + URLEncoder.encode(
                      "https://management.azure.com/.default", StandardCharsets.UTF_8));
      token = reply.body().path("access_token").asText();
    }
    return token;
  }

  Reply form(String path, String form) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  Reply arm(String method, String pathAndQuery, String body) {
    return armWithAuth(method, pathAndQuery, body, "Bearer " + token());
  }

  Reply armWithAuth(String method, String pathAndQuery, String body, String authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return send(builder.build());
  }

  Reply control(String method, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  URI uri(String pathAndQuery) {
    return URI.create(emulator.baseUrl() + pathAndQuery);
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Reply(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String sub() {
    return emulator.defaultSubscriptionId();
  }

  String rgPath(String rg) {
    return "/subscriptions/" + sub() + "/resourcegroups/" + rg;
  }

  String identityPath(String rg, String name) {
    return "/subscriptions/"
        + sub()
        + "/resourceGroups/"
        + rg
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        + name;
  }

  /** An identity's federated identity credential ({@code null} name: the collection). */
  String credentialPath(String rg, String identity, String name) {
    return identityPath(rg, identity)
        + "/federatedIdentityCredentials"
        + (name == null ? "" : "/" + name);
  }
}
