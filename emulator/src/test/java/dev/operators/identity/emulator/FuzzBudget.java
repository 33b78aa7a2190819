package dev.operators.identity.emulator;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Every jqwik property's budget: the tries it declares (a bounded run, as in {@code mvn verify}),
 * times the system property {@code fuzz.tries.factor} (the long run, {@code -Pfuzz-long}). Prints
 * one line per property ("fuzz: ... tries ... ms") for the run's report. Registered for every
 * property of the module through META-INF/services.
 */
public final class FuzzBudget implements AroundPropertyHook {

  static final int FACTOR = Integer.getInteger("fuzz.tries.factor", 1);

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    context.attributes().setTries(context.attributes().tries().orElse(1000) * FACTOR);
    long start = System.nanoTime();
    PropertyExecutionResult result = property.execute();
    System.out.printf(
        "fuzz: %s: %d tries, %d checks, %d ms%n",
        context.extendedLabel(),
        result.countTries(),
        result.countChecks(),
        (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public boolean appliesTo(Optional<AnnotatedElement> element) {
    return true;
  }
}
