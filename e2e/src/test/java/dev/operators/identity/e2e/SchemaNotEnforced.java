package dev.operators.identity.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class runs against a cluster whose CRD enforces no spec schema (an older or hand-made
 * CRD): what the API server would refuse reaches the operator, which must refuse it itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface SchemaNotEnforced {}
