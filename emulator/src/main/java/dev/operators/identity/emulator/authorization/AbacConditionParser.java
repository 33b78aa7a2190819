package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.AuthorizationProvider.GUID;

import dev.operators.identity.emulator.authorization.AbacCondition.ActionMatches;
import dev.operators.identity.emulator.authorization.AbacCondition.And;
import dev.operators.identity.emulator.authorization.AbacCondition.Attribute;
import dev.operators.identity.emulator.authorization.AbacCondition.Comparison;
import dev.operators.identity.emulator.authorization.AbacCondition.Function;
import dev.operators.identity.emulator.authorization.AbacCondition.Node;
import dev.operators.identity.emulator.authorization.AbacCondition.Not;
import dev.operators.identity.emulator.authorization.AbacCondition.Or;
import dev.operators.identity.emulator.authorization.AbacCondition.Quantifier;
import dev.operators.identity.emulator.authorization.AbacCondition.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-descent parser of the condition grammar's subset that {@link AbacCondition} evaluates:
 *
 * <pre>
 * expression := unary (('AND' | '&&' | 'OR' | '||') unary)*     one operator per level
 * unary      := ('!' | 'NOT') unary | '(' expression ')' | actionMatches | comparison
 * actionMatches := 'ActionMatches' '{' quoted '}'
 * comparison := ('@Request' | '@Resource') '[' attribute ']' [quantifier ':'] function values
 * values     := '{' value (',' value)* '}' | value           value: a GUID or a quoted string
 * </pre>
 *
 * As Azure asks, AND and OR are not mixed at one level without parentheses.
 */
final class AbacConditionParser {
  private final AbacConditionTokens tokens;

  AbacConditionParser(String text) {
    this.tokens = new AbacConditionTokens(text);
  }

  Node parse() {
    Node node = expression();
    if (!tokens.atEnd()) {
      throw tokens.refuse("unexpected '" + tokens.peek() + "'");
    }
    return node;
  }

  private Node expression() {
    List<Node> parts = new ArrayList<>();
    parts.add(unary());
    String operator = null;
    while (isAnd(tokens.peek()) || isOr(tokens.peek())) {
      String next = isAnd(tokens.peek()) ? "AND" : "OR";
      if (operator != null && !operator.equals(next)) {
        throw tokens.refuse("AND and OR mixed without parentheses");
      }
      operator = next;
      tokens.next();
      parts.add(unary());
    }
    if (operator == null) {
      return parts.get(0);
    }
    return operator.equals("AND") ? new And(List.copyOf(parts)) : new Or(List.copyOf(parts));
  }

  private Node unary() {
    String token = tokens.peek();
    if (token == null) {
      throw tokens.refuse("the condition ends where an expression was expected");
    }
    if (tokens.nextIsQuoted()) {
      throw tokens.refuse("unexpected quoted string '" + token + "'");
    }
    if (token.equals("!") || token.equalsIgnoreCase("NOT")) {
      tokens.next();
      return new Not(unary());
    }
    if (token.equals("(")) {
      tokens.next();
      Node inner = expression();
      tokens.expect(")");
      return inner;
    }
    if (token.equalsIgnoreCase("ActionMatches")) {
      tokens.next();
      tokens.expect("{");
      String action = tokens.quoted();
      tokens.expect("}");
      if (!AbacCondition.isRoleAssignmentAction(action)) {
        throw tokens.refuse(
            "ActionMatches{'"
                + action
                + "'}: only '"
                + RolePermissions.ASSIGNMENT_WRITE
                + "' and '"
                + RolePermissions.ASSIGNMENT_DELETE
                + "' are supported");
      }
      return new ActionMatches(action);
    }
    if (token.startsWith("@")) {
      return comparison();
    }
    throw tokens.refuse("unsupported '" + token + "'");
  }

  private Node comparison() {
    Source source = source(tokens.peek());
    tokens.next();
    tokens.expect("[");
    Attribute attribute = attribute(tokens.peek());
    tokens.next();
    tokens.expect("]");
    String operator = tokens.peek();
    if (operator == null) {
      throw tokens.refuse("an operator is missing after the attribute");
    }
    Quantifier quantifier = Quantifier.PLAIN;
    String functionName = operator;
    int colon = operator.indexOf(':');
    if (colon >= 0) {
      quantifier = quantifier(operator.substring(0, colon));
      functionName = operator.substring(colon + 1);
    }
    Function function = function(functionName, attribute);
    tokens.next();
    List<String> values = values(attribute);
    if (quantifier == Quantifier.PLAIN && values.size() != 1) {
      throw tokens.refuse(function.name + " compares with one value; use ForAnyOfAnyValues:");
    }
    return new Comparison(source, attribute, quantifier, function, values);
  }

  private List<String> values(Attribute attribute) {
    List<String> values = new ArrayList<>();
    if (!"{".equals(tokens.peek())) {
      values.add(value(attribute));
      return values;
    }
    tokens.next();
    values.add(value(attribute));
    while (",".equals(tokens.peek())) {
      tokens.next();
      values.add(value(attribute));
    }
    tokens.expect("}");
    return List.copyOf(values);
  }

  private String value(Attribute attribute) {
    if (attribute.guid) {
      String guid = tokens.peek();
      if (guid == null || tokens.nextIsQuoted() || !GUID.matcher(guid).matches()) {
        throw tokens.refuse(attribute.name + " values must be bare GUIDs, not '" + guid + "'");
      }
      return tokens.next();
    }
    return tokens.quoted();
  }

  private Source source(String word) {
    return Arrays.stream(Source.values())
        .filter(s -> s.word.equalsIgnoreCase(word))
        .findFirst()
        .orElseThrow(
            () ->
                tokens.refuse(
                    "attribute source '" + word + "': only @Request and @Resource are supported"));
  }

  private Attribute attribute(String name) {
    if (name != null
        && name.regionMatches(
            true, 0, AbacCondition.ATTRIBUTE_PREFIX, 0, AbacCondition.ATTRIBUTE_PREFIX.length())) {
      String attribute = name.substring(AbacCondition.ATTRIBUTE_PREFIX.length());
      for (Attribute candidate : Attribute.values()) {
        if (candidate.name.equalsIgnoreCase(attribute)) {
          return candidate;
        }
      }
    }
    throw tokens.refuse(
        "attribute '"
            + name
            + "': only "
            + AbacCondition.ATTRIBUTE_PREFIX
            + "RoleDefinitionId, PrincipalId and PrincipalType are supported");
  }

  private Quantifier quantifier(String name) {
    for (Quantifier candidate : Quantifier.values()) {
      if (candidate != Quantifier.PLAIN && candidate.name.equalsIgnoreCase(name)) {
        return candidate;
      }
    }
    throw tokens.refuse(
        "'" + name + "': only ForAnyOfAnyValues and ForAnyOfAllValues are supported");
  }

  private Function function(String name, Attribute attribute) {
    for (Function candidate : Function.values()) {
      if (candidate.name.equalsIgnoreCase(name) && candidate.guid == attribute.guid) {
        return candidate;
      }
    }
    throw tokens.refuse(
        "operator '"
            + name
            + "' on "
            + attribute.name
            + ": only "
            + (attribute.guid
                ? "GuidEquals and GuidNotEquals"
                : "StringEqualsIgnoreCase and" + " StringNotEqualsIgnoreCase")
            + " are supported");
  }

  private static boolean isAnd(String token) {
    return token != null && (token.equalsIgnoreCase("AND") || token.equals("&&"));
  }

  private static boolean isOr(String token) {
    return token != null && (token.equalsIgnoreCase("OR") || token.equals("||"));
  }
}
