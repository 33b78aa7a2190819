package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_DELETE;
import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_WRITE;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A role-assignment condition (conditionVersion 2.0) of the forms that delegate role-assignment
 * management (Microsoft's "Examples to delegate Azure role assignment management with conditions"),
 * as a small tree evaluated against one request. {@link #parse} accepts a conjunction of clauses,
 * each {@code (!(ActionMatches{'<action>'})) OR (<expression>)} for the action {@code
 * Microsoft.Authorization/roleAssignments/write} (whose expression reads {@code @Request}
 * attributes) or {@code .../delete} ({@code @Resource} attributes); an expression combines
 * comparisons of {@code Microsoft.Authorization/roleAssignments:RoleDefinitionId}, {@code
 * :PrincipalId} (GUID operators) and {@code :PrincipalType} (string operators, ignoring case) with
 * AND, OR and NOT. Anything else is refused with {@link Refused}.
 */
final class AbacCondition {
  static final String ATTRIBUTE_PREFIX = "Microsoft.Authorization/roleAssignments:";

  /**
   * Where an attribute is read: the request's body (a write) or the stored assignment (a delete).
   */
  enum Source {
    REQUEST("@Request"),
    RESOURCE("@Resource");

    final String word;

    Source(String word) {
      this.word = word;
    }
  }

  /** The attributes of the role-assignment actions (Microsoft's "Authorization attributes"). */
  enum Attribute {
    ROLE_DEFINITION_ID("RoleDefinitionId", true),
    PRINCIPAL_ID("PrincipalId", true),
    PRINCIPAL_TYPE("PrincipalType", false);

    final String name;
    final boolean guid;

    Attribute(String name, boolean guid) {
      this.name = name;
      this.guid = guid;
    }
  }

  /** A comparison function: GUID ones for GUID attributes, string ones (ignoring case) else. */
  enum Function {
    GUID_EQUALS("GuidEquals", true, true),
    GUID_NOT_EQUALS("GuidNotEquals", true, false),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, true),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", false, false);

    final String name;
    final boolean guid;
    final boolean equal;

    Function(String name, boolean guid, boolean equal) {
      this.name = name;
      this.guid = guid;
      this.equal = equal;
    }

    boolean test(String attributeValue, String value) {
      return attributeValue.equalsIgnoreCase(value) == equal;
    }
  }

  /**
   * How a single-valued attribute meets a set of values: plain (one value), {@code
   * ForAnyOfAnyValues} (it satisfies the function with some value), {@code ForAnyOfAllValues} (with
   * every value).
   */
  enum Quantifier {
    PLAIN(""),
    ANY_OF_ANY("ForAnyOfAnyValues"),
    ANY_OF_ALL("ForAnyOfAllValues");

    final String name;

    Quantifier(String name) {
      this.name = name;
    }
  }

  /** What a request offers: its action, and its attributes from the one source it has. */
  record Facts(String action, Source source, Map<Attribute, String> attributes) {
    /** The attribute's value, or null when the request has none (e.g. principalType omitted). */
    String value(Source wanted, Attribute attribute) {
      return wanted == source ? attributes.get(attribute) : null;
    }
  }

  /** A node of the tree. */
  interface Node {
    boolean holds(Facts facts);
  }

  record And(List<Node> parts) implements Node {
    @Override
    public boolean holds(Facts facts) {
      return parts.stream().allMatch(p -> p.holds(facts));
    }
  }

  record Or(List<Node> parts) implements Node {
    @Override
    public boolean holds(Facts facts) {
      return parts.stream().anyMatch(p -> p.holds(facts));
    }
  }

  record Not(Node inner) implements Node {
    @Override
    public boolean holds(Facts facts) {
      return !inner.holds(facts);
    }
  }

  record ActionMatches(String action) implements Node {
    @Override
    public boolean holds(Facts facts) {
      return facts.action().equalsIgnoreCase(action);
    }
  }

  /**
   * {@code <source>[<attribute>] <quantifier>:<function> {values}}. An attribute the request does
   * not have fails every comparison, negated functions included (emulator's judgement, matching
   * public reports that an omitted principalType fails a PrincipalType condition).
   */
  record Comparison(
      Source source,
      Attribute attribute,
      Quantifier quantifier,
      Function function,
      List<String> values)
      implements Node {
    @Override
    public boolean holds(Facts facts) {
      String value = facts.value(source, attribute);
      if (value == null) {
        return false;
      }
      return quantifier == Quantifier.ANY_OF_ALL
          ? values.stream().allMatch(v -> function.test(value, v))
          : values.stream().anyMatch(v -> function.test(value, v));
    }
  }

  /** A condition the emulator does not accept: invalid, or outside the forms it evaluates. */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  private final Node root;
  private final Set<String> actions;

  private AbacCondition(Node root, Set<String> actions) {
    this.root = root;
    this.actions = actions;
  }

  /** Parses and checks the form; throws {@link Refused} saying what is wrong, and where. */
  static AbacCondition parse(String text) {
    Node root = new AbacConditionParser(text).parse();
    List<Node> clauses = root instanceof And and ? and.parts() : List.of(root);
    Set<String> actions = new LinkedHashSet<>();
    for (Node clause : clauses) {
      actions.add(checkClause(clause));
    }
    return new AbacCondition(root, Set.copyOf(actions));
  }

  /** Whether the condition lets the request through. */
  boolean allows(Facts facts) {
    return root.holds(facts);
  }

  /** The actions its clauses target (each a role-assignment write or delete). */
  Set<String> actions() {
    return actions;
  }

  /** A clause {@code (!(ActionMatches{a})) OR (expression)}; returns a. */
  private static String checkClause(Node clause) {
    if (!(clause instanceof Or or)
        || or.parts().size() != 2
        || !(or.parts().get(0) instanceof Not not)
        || !(not.inner() instanceof ActionMatches targeted)) {
      throw new Refused(
          "each part of the condition must read (!(ActionMatches{'<action>'})) OR"
              + " (<expression>), parts joined with AND");
    }
    String action = targeted.action();
    Source source = action.equalsIgnoreCase(ASSIGNMENT_WRITE) ? Source.REQUEST : Source.RESOURCE;
    checkExpression(or.parts().get(1), action, source);
    return action;
  }

  private static void checkExpression(Node node, String action, Source source) {
    if (node instanceof And and) {
      and.parts().forEach(p -> checkExpression(p, action, source));
    } else if (node instanceof Or or) {
      or.parts().forEach(p -> checkExpression(p, action, source));
    } else if (node instanceof Not not) {
      checkExpression(not.inner(), action, source);
    } else if (node instanceof Comparison comparison) {
      if (comparison.source() != source) {
        throw new Refused(
            "'"
                + action
                + "' has "
                + source.word
                + " attributes only, not "
                + comparison.source().word);
      }
    } else {
      throw new Refused("ActionMatches may only open a part of the condition");
    }
  }

  /** The two actions a delegation condition may target. */
  static boolean isRoleAssignmentAction(String action) {
    return action.equalsIgnoreCase(ASSIGNMENT_WRITE) || action.equalsIgnoreCase(ASSIGNMENT_DELETE);
  }
}
