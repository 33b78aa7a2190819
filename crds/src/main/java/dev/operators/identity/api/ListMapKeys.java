package dev.operators.identity.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A list whose entries are identified by these keys: the CRD gets {@code x-kubernetes-list-type:
 * map} with these {@code x-kubernetes-list-map-keys}, so the API server refuses two entries with
 * the same keys (at no CEL cost) and server-side apply merges entries by key. The Fabric8 CRD
 * generator has no such annotation; the crds module's build step {@code CrdFinisher} applies it.
 * Every key must be a required field of the entry.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ListMapKeys {
  String[] value();
}
