package dev.operators.identity.release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAML documents as plain maps (Jackson), read and written. */
final class Yaml {

  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Yaml() {}

  static Map<String, Object> map(String yaml) throws IOException {
    return MAPPER.readValue(yaml, MAP);
  }

  /** Every non-empty document of a (multi-document) YAML text. */
  static List<Map<String, Object>> documents(String yaml) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (MappingIterator<Map<String, Object>> it = MAPPER.readerFor(MAP).readValues(yaml)) {
      while (it.hasNextValue()) {
        Map<String, Object> document = it.nextValue();
        if (document != null && !document.isEmpty()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  static String write(Object value) throws IOException {
    return MAPPER.writeValueAsString(value);
  }
}
