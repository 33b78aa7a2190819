package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A request already authenticated, throttled and api-version-checked by the emulator's ARM layer,
 * addressed to {@code
 * /subscriptions/{s}[/resourceGroups/{rg}]/providers/{ns}/{type}[/{name}[/...]]}.
 *
 * @param resourceGroup {@code null} at subscription scope; the group's stored casing otherwise
 * @param name {@code null} for a collection
 * @param rest segments after the name
 * @param body the JSON body (PUT/PATCH), {@code null} otherwise; parsing errors are the caller's
 * @param header header lookup, case-insensitive, {@code null} when absent
 */
record AssigneeCall(
    String method,
    String path,
    String subscriptionId,
    String resourceGroup,
    String name,
    List<String> rest,
    String apiVersion,
    Map<String, String> query,
    Function<String, String> header,
    JsonNode body) {}
