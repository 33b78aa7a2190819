package dev.operators.identity.operator.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import java.io.IOException;

/**
 * A Jackson module that makes every string the operator's Kubernetes client reads one shared
 * instance per value, for as long as anything holds it.
 *
 * <p>The informers cache every watched resource for the operator's life, each read afresh from its
 * watch event. Most of a resource's strings repeat across the estate: condition types, reasons,
 * statuses and messages, role names, scopes, role definition IDs, subscription IDs, locations. At
 * 10,000 identities each cached identity held about 160 strings of its own (about 175 MiB, most of
 * the live heap), nearly all of them equal to another resource's. Read through this module the
 * cache holds each distinct value once; what is unique to one resource (its name, UID, principal
 * ID) costs one interner entry more.
 *
 * <p>The interner holds its strings weakly: a value no resource refers to any more (an old
 * resourceVersion, a deleted identity's IDs) is collected as before. Field names are not touched
 * here: Jackson already canonicalizes them.
 */
public final class SharedStrings extends StdScalarDeserializer<String> {

  private static final long serialVersionUID = 1L;

  private static final Interner<String> VALUES = Interners.newWeakInterner();

  private SharedStrings() {
    super(String.class);
  }

  /** The module to register on the operator client's object mapper. */
  public static SimpleModule module() {
    return new SimpleModule("shared-strings").addDeserializer(String.class, new SharedStrings());
  }

  /** The shared instance equal to {@code value} (null stays null). */
  static String shared(String value) {
    return value == null ? null : VALUES.intern(value);
  }

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    return shared(StringDeserializer.instance.deserialize(parser, context));
  }

  @Override
  public boolean isCachable() {
    return true;
  }
}
