package dev.operators.identity.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The longest string an entry of this list, or a value of this map, may be: the CRD's {@code
 * items.maxLength} or {@code additionalProperties.maxLength}. The Fabric8 CRD generator bounds only
 * the field itself; the crds module's build step {@code CrdFinisher} applies this.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ItemMaxLength {
  int value();
}
