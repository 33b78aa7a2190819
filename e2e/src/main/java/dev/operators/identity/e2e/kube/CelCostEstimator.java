package dev.operators.identity.e2e.kube;

import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API server's static cost estimate of a CRD validation rule, for the constructs our
 * CRD uses: no CEL library for Java has cel-go's estimator, so this is the model written out, on
 * the real CEL parser (Google's cel-java, standard macros expanded as cel-go expands them).
 *
 * <p>The model, from cel-go's checker/cost.go and common/cost.go (v0.28/0.29) and Kubernetes'
 * apiserver pkg/cel (common/schemas.go, library/cost.go, limits.go): identifiers cost 1, constants
 * 0, a field select 1 plus its operand; {@code &&} and {@code ||} the sum of both sides; most
 * functions (size, index, !, integer comparisons, {@code @not_strictly_false}) 1 plus their
 * arguments; string comparisons ceil(0.1 x the smaller max size); {@code startsWith} and {@code
 * endsWith} ceil(0.1 x the argument's size); {@code contains} ceil(0.1 x target) x ceil(0.1 x
 * argument); {@code matches} ceil(0.1 x (target + 1)) x ceil(0.25 x the regex's length); {@code
 * lowerAscii} ceil(0.1 x target); a comprehension its range, init and result plus the range's size
 * times (condition + step). Sizes: a string with maxLength counts maxLength x 4 (bytes of UTF-8),
 * without it 3,145,726; an enum its longest value; date-time 32; a list maxItems, a map
 * maxProperties; map keys 0 (Kubernetes gives keys no size). A rule's cost is multiplied by the
 * maxItems and maxProperties of every list and map above it.
 */
public final class CelCostEstimator {

  static final long UNBOUNDED_STRING = 3 * 1024 * 1024 - 2;
  private static final CelParser PARSER =
      CelParserFactory.standardCelParserBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .build();

  /** What an expression stands for: a schema node, a map key, or a value of known size. */
  private record Value(JSONSchemaProps schema, long size, boolean string) {
    Value(JSONSchemaProps schema, long size) {
      this(schema, size, schema != null && "string".equals(schema.getType()));
    }

    static Value key() {
      return new Value(null, 0, true);
    }

    static Value scalar() {
      return new Value(null, 1, false);
    }
  }

  private record Estimate(long cost, Value value) {}

  private final Map<String, Value> variables = new HashMap<>();

  private CelCostEstimator() {}

  /** Per-rule limit of the API server (StaticEstimatedCostLimit). */
  public static final long RULE_LIMIT = 10_000_000;

  /** Limit for the sum over a CRD version's schema (StaticEstimatedCRDCostLimit). */
  public static final long CRD_LIMIT = 100_000_000;

  /**
   * One rule of a schema with its estimate: {@code cost} per evaluation, times {@code cardinality}
   * (the maxItems and maxProperties of every list and map above it) for what the API server
   * compares with the limits.
   */
  public record RuleCost(String path, int index, String rule, long cost, long cardinality) {
    /** Whether the rule parsed (its cost is known). */
    public boolean parsed() {
      return cost >= 0;
    }

    public long total() {
      return saturating(cost, cardinality);
    }
  }

  /** Every rule under {@code root}, with its place (as the API server names fields) and cost. */
  public static List<RuleCost> costs(JSONSchemaProps root) {
    List<RuleCost> out = new ArrayList<>();
    collect(root, "openAPIV3Schema", 1, out);
    return out;
  }

  private static void collect(
      JSONSchemaProps node, String path, long cardinality, List<RuleCost> out) {
    if (node == null) {
      return;
    }
    List<ValidationRule> rules =
        node.getXKubernetesValidations() == null ? List.of() : node.getXKubernetesValidations();
    for (int i = 0; i < rules.size(); i++) {
      String rule = rules.get(i).getRule();
      long cost;
      try {
        cost = estimate(rule, node);
      } catch (IllegalArgumentException doesNotParse) {
        cost = -1; // reported as a compilation failure by whoever checks the rule
      }
      out.add(new RuleCost(path, i, rule, cost, cardinality));
    }
    if (node.getProperties() != null) {
      node.getProperties()
          .forEach(
              (name, child) ->
                  collect(child, path + ".properties[" + name + "]", cardinality, out));
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      collect(
          node.getItems().getSchema(),
          path + ".items",
          saturating(
              cardinality, node.getMaxItems() == null ? UNBOUNDED_STRING : node.getMaxItems()),
          out);
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      collect(
          node.getAdditionalProperties().getSchema(),
          path + ".additionalProperties",
          saturating(
              cardinality,
              node.getMaxProperties() == null ? UNBOUNDED_STRING : node.getMaxProperties()),
          out);
    }
  }

  /** The estimated cost of {@code rule} with {@code self} the given schema node (no multiplier). */
  public static long estimate(String rule, JSONSchemaProps self) {
    CelValidationResult parsed = PARSER.parse(rule);
    if (parsed.hasError()) {
      throw new IllegalArgumentException(rule + ": " + parsed.getErrorString());
    }
    CelCostEstimator estimator = new CelCostEstimator();
    estimator.variables.put("self", new Value(self, size(self)));
    try {
      return estimator.cost(parsed.getAst().getExpr()).cost();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(rule, e);
    }
  }

  private Estimate cost(CelExpr expr) {
    return switch (expr.exprKind().getKind()) {
      case CONSTANT ->
          new Estimate(
              0,
              new Value(
                  null,
                  constantSize(expr.constant()),
                  expr.constant().getKind() == CelConstant.Kind.STRING_VALUE));
      case IDENT -> {
        Value value = variables.get(expr.ident().name());
        yield new Estimate(1, value == null ? Value.scalar() : value);
      }
      case SELECT -> {
        Estimate operand = cost(expr.select().operand());
        JSONSchemaProps schema = operand.value().schema();
        JSONSchemaProps field =
            schema == null || schema.getProperties() == null
                ? null
                : schema.getProperties().get(expr.select().field());
        yield new Estimate(operand.cost() + 1, new Value(field, size(field)));
      }
      case CALL -> call(expr.call());
      case LIST -> {
        long cost = 10;
        for (CelExpr element : expr.list().elements()) {
          cost += cost(element).cost();
        }
        yield new Estimate(cost, new Value(null, expr.list().elements().size(), false));
      }
      case COMPREHENSION -> comprehension(expr.comprehension());
      default ->
          throw new IllegalArgumentException("no cost model for " + expr.exprKind().getKind());
    };
  }

  private Estimate comprehension(CelExpr.CelComprehension c) {
    Estimate range = cost(c.iterRange());
    JSONSchemaProps schema = range.value().schema();
    Value element =
        schema != null && "array".equals(schema.getType())
            ? new Value(schema.getItems().getSchema(), size(schema.getItems().getSchema()))
            : Value.key();
    variables.put(c.iterVar(), element);
    variables.put(c.accuVar(), Value.scalar());
    long loop = cost(c.loopCondition()).cost() + cost(c.loopStep()).cost();
    long total =
        range.cost()
            + cost(c.accuInit()).cost()
            + cost(c.result()).cost()
            + saturating(range.value().size(), loop);
    variables.remove(c.iterVar());
    return new Estimate(total, Value.scalar());
  }

  private Estimate call(CelExpr.CelCall call) {
    Estimate target = call.target().map(this::cost).orElse(null);
    List<Estimate> args = call.args().stream().map(this::cost).toList();
    long argCost =
        args.stream().mapToLong(Estimate::cost).sum() + (target == null ? 0 : target.cost());
    String function = call.function();
    return switch (function) {
      case "_&&_", "_||_" -> new Estimate(argCost, Value.scalar());
      case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" -> {
        boolean strings = args.get(0).value().string() || args.get(1).value().string();
        long own =
            strings
                ? ceil(0.1 * Math.min(args.get(0).value().size(), args.get(1).value().size()))
                : 1;
        yield new Estimate(own + argCost, Value.scalar());
      }
      case "_[_]" -> {
        JSONSchemaProps container = args.get(0).value().schema();
        JSONSchemaProps element =
            container == null
                ? null
                : "array".equals(container.getType())
                    ? container.getItems().getSchema()
                    : container.getAdditionalProperties().getSchema();
        yield new Estimate(1 + argCost, new Value(element, size(element)));
      }
      case "startsWith", "endsWith" ->
          new Estimate(ceil(0.1 * args.get(0).value().size()) + argCost, Value.scalar());
      case "contains" ->
          new Estimate(
              ceil(0.1 * target.value().size()) * ceil(0.1 * args.get(0).value().size()) + argCost,
              Value.scalar());
      case "matches" ->
          new Estimate(
              ceil(0.1 * (target.value().size() + 1)) * ceil(0.25 * args.get(0).value().size())
                  + argCost,
              Value.scalar());
      case "lowerAscii", "upperAscii" ->
          new Estimate(
              ceil(0.1 * target.value().size()) + argCost,
              new Value(null, target.value().size(), true));
      default -> new Estimate(1 + argCost, Value.scalar());
    };
  }

  private static long constantSize(CelConstant constant) {
    return constant.getKind() == CelConstant.Kind.STRING_VALUE
        ? constant.stringValue().codePointCount(0, constant.stringValue().length())
        : 1;
  }

  /** The max size Kubernetes estimates for a schema node (elements, or bytes of a string). */
  static long size(JSONSchemaProps schema) {
    if (schema == null) {
      return 1;
    }
    return switch (schema.getType() == null ? "" : schema.getType()) {
      case "string" -> {
        if ("date-time".equals(schema.getFormat())) {
          yield 32;
        }
        if (schema.getMaxLength() != null) {
          yield schema.getMaxLength() * 4;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
          yield schema.getEnum().stream().mapToLong(v -> v.asText().length()).max().orElse(0);
        }
        yield UNBOUNDED_STRING;
      }
      case "array" -> schema.getMaxItems() == null ? UNBOUNDED_STRING : schema.getMaxItems();
      case "object" ->
          schema.getMaxProperties() == null
              ? (schema.getAdditionalProperties() == null ? 1 : UNBOUNDED_STRING)
              : schema.getMaxProperties();
      default -> 1;
    };
  }

  private static long ceil(double value) {
    return (long) Math.ceil(value);
  }

  private static long saturating(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
