package dev.operators.identity.e2e.kube;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * Schema patterns as a real API server reads them (Go's regexp, searched, not anchored by itself):
 * '$' outside a character class matches only at the very end of the text, as Go's does without the
 * m flag. Java's '$' also matches before a final line terminator, so "eastus\n" passed {@code
 * ^[a-z][a-z0-9]{1,49}$} here while a real API server refuses it.
 */
final class GoPatterns implements RegularExpressionFactory {

  static final GoPatterns INSTANCE = new GoPatterns();

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = Pattern.compile(endOfTextOnly(regex));
    return value -> pattern.matcher(value).find();
  }

  /** {@code regex} with every '$' outside a character class and not escaped turned into \z. */
  static String endOfTextOnly(String regex) {
    StringBuilder out = new StringBuilder(regex.length() + 4);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        out.append(c).append(regex.charAt(++i));
      } else if (inClass) {
        inClass = c != ']';
        out.append(c);
      } else if (c == '[') {
        inClass = true;
        out.append(c);
        if (regex.startsWith("^", i + 1)) {
          out.append(regex.charAt(++i));
        }
        if (regex.startsWith("]", i + 1)) {
          out.append(regex.charAt(++i));
        }
      } else if (c == '$') {
        out.append("\\z");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
