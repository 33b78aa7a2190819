package dev.operators.identity.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The pattern every entry of this list of strings must match: the CRD's {@code items.pattern}
 * (applied by {@code CrdFinisher}, like {@link ItemMaxLength}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ItemPattern {
  String value();
}
