package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.ClaimsMatchingExpressionSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.reconciler.AzureFailures.Failure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a federated-credential pass does, decided from the identity's listed credentials (pure: no
 * ports): for each declared credential keep it, write it, or why not; the undeclared ones to
 * delete; the writes in the order they go, one at a time (Azure refuses concurrent writes of one
 * identity). Nothing is written or deleted when the listing failed. A credential someone made with
 * the declared issuer and subject (or expression) is taken over under its own name when the spec
 * names none, so the workload's token exchange never stops. The drift check compares issuer,
 * subject, claims-matching expression and audiences.
 */
record FederatedCredentialPlan(List<Entry> entries, List<Write> writes, Optional<Failure> listing) {

  /** What becomes of the declared credential at {@code index}, under {@code name}. */
  record Entry(int index, String name, Kind kind, String message) {}

  enum Kind {
    KEEP,
    WRITE,
    REFUSE
  }

  /** One write to Azure, in order. */
  sealed interface Write {
    record Put(int index, FederatedCredential credential, boolean create) implements Write {}

    record Delete(FederatedCredential existing) implements Write {}
  }

  static FederatedCredentialPlan decide(
      List<FederatedCredentialSpec> declared,
      List<FederatedCredential> existing,
      Optional<Failure> listing) {
    List<Entry> entries = new ArrayList<>();
    if (listing.isPresent()) {
      for (int i = 0; i < declared.size(); i++) {
        entries.add(
            new Entry(
                i,
                nameOf(declared.get(i)),
                Kind.REFUSE,
                "waits for the listing of the identity's credentials"));
      }
      return new FederatedCredentialPlan(entries, List.of(), listing);
    }
    Map<String, FederatedCredential> byName = new LinkedHashMap<>();
    Map<String, FederatedCredential> byPair = new LinkedHashMap<>();
    existing.forEach(c -> byName.put(key(c.name()), c));
    existing.forEach(c -> byPair.putIfAbsent(c.pair(), c));

    Map<String, Integer> names = new LinkedHashMap<>();
    Map<String, Integer> pairs = new LinkedHashMap<>();
    List<Write> puts = new ArrayList<>();
    List<Write> deletesFirst = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      FederatedCredentialSpec spec = declared.get(i);
      FederatedCredential wanted = wanted(spec, nameOf(spec));
      FederatedCredential holder = byPair.get(wanted.pair());
      if (spec.getName() == null && holder != null) {
        // Made by someone else under another name: take it over as it is named.
        wanted = wanted(spec, holder.name());
      }
      Optional<String> refusal = duplicate(i, wanted, names, pairs, declared.size());
      if (refusal.isPresent()) {
        entries.add(new Entry(i, wanted.name(), Kind.REFUSE, refusal.get()));
        continue;
      }
      FederatedCredential current = byName.get(key(wanted.name()));
      if (current != null && same(current, wanted)) {
        entries.add(new Entry(i, wanted.name(), Kind.KEEP, null));
        continue;
      }
      if (holder != null && !key(holder.name()).equals(key(wanted.name()))) {
        // The pair is held under another name: Azure keeps pairs unique, so that one goes first.
        deletesFirst.add(new Write.Delete(holder));
      }
      entries.add(new Entry(i, wanted.name(), Kind.WRITE, null));
      puts.add(new Write.Put(i, wanted, current == null));
    }
    List<Write> writes = new ArrayList<>(deletesFirst);
    writes.addAll(puts);
    // A spec over Azure's limit is not met: it deletes nothing (refused, not half applied).
    boolean withinLimit = declared.size() <= AzureNameRules.MAX_FEDERATED_CREDENTIALS;
    for (FederatedCredential c : withinLimit ? existing : List.<FederatedCredential>of()) {
      boolean kept = names.containsKey(key(c.name()));
      boolean alreadyGoing = deletesFirst.contains(new Write.Delete(c));
      if (!kept && !alreadyGoing) {
        writes.add(new Write.Delete(c));
      }
    }
    return new FederatedCredentialPlan(entries, List.copyOf(writes), Optional.empty());
  }

  /**
   * The declared name, or one derived from what the credential trusts ({@link
   * FederatedCredential#pair()}: issuer and subject, or issuer and expression): the same trust
   * always gives the same name, within Azure's rule (letters, digits, - and _, 3 to 120). For a
   * subject the derivation is the one of the first release (SHA-256 of "issuer|subject"), so
   * existing names stay; audiences are left out, so changing one updates the credential in place.
   */
  static String nameOf(FederatedCredentialSpec spec) {
    if (spec.getName() != null) {
      return spec.getName();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(wanted(spec, null).pair().getBytes(StandardCharsets.UTF_8));
      return "k8s-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The credential the spec asks for, under {@code name}. */
  static FederatedCredential wanted(FederatedCredentialSpec spec, String name) {
    ClaimsMatchingExpressionSpec claims = spec.getClaimsMatchingExpression();
    FederatedCredential.Expression expression =
        claims == null
            ? null
            : new FederatedCredential.Expression(
                claims.getValue(), claims.effectiveLanguageVersion());
    return new FederatedCredential(
        name, spec.getIssuer(), spec.getSubject(), expression, spec.effectiveAudiences());
  }

  private static Optional<String> duplicate(
      int index,
      FederatedCredential wanted,
      Map<String, Integer> names,
      Map<String, Integer> pairs,
      int declaredCount) {
    if (index >= AzureNameRules.MAX_FEDERATED_CREDENTIALS) {
      return Optional.of(
          "Azure allows "
              + AzureNameRules.MAX_FEDERATED_CREDENTIALS
              + " federated credentials per identity and "
              + declaredCount
              + " are declared: this is number "
              + (index + 1));
    }
    Integer sameName = names.putIfAbsent(key(wanted.name()), index);
    if (sameName != null) {
      return Optional.of(
          "same name '" + wanted.name() + "' as federatedCredentials[" + sameName + "]");
    }
    Integer samePair = pairs.putIfAbsent(wanted.pair(), index);
    if (samePair != null) {
      names.remove(key(wanted.name()));
      return Optional.of(
          wanted.flexible()
              ? "same issuer and claims-matching expression as federatedCredentials["
                  + samePair
                  + "]"
              : "same issuer and subject as federatedCredentials["
                  + samePair
                  + "]: Azure keeps each pair unique on an identity");
    }
    return Optional.empty();
  }

  private static boolean same(FederatedCredential a, FederatedCredential b) {
    return a.issuer().equals(b.issuer())
        && Objects.equals(a.subject(), b.subject())
        && Objects.equals(a.expression(), b.expression())
        && a.audiences().equals(b.audiences());
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
