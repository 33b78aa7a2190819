package dev.operators.identity.emulator.authorization;

import dev.operators.identity.emulator.authorization.AbacCondition.Refused;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a condition: punctuation {@code ( ) { } [ ] , !}, {@code &&} and {@code ||}, quoted
 * strings ({@code 'ServicePrincipal'}), and words (keywords, operators such as {@code
 * ForAnyOfAnyValues:GuidEquals}, attribute names, attribute sources such as {@code @Request}, bare
 * GUIDs), each with its position for error messages.
 */
final class AbacConditionTokens {
  private static final String PUNCTUATION = "(){}[],!";

  private record Token(String text, boolean quoted, int position) {}

  private final List<Token> tokens = new ArrayList<>();
  private final int length;
  private int next;

  AbacConditionTokens(String text) {
    this.length = text.length();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (PUNCTUATION.indexOf(c) >= 0) {
        tokens.add(new Token(String.valueOf(c), false, i));
        i++;
      } else if (text.startsWith("&&", i) || text.startsWith("||", i)) {
        tokens.add(new Token(text.substring(i, i + 2), false, i));
        i += 2;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          next = tokens.size();
          throw refuseAt(i, "a quoted string is not closed");
        }
        tokens.add(new Token(text.substring(i + 1, end), true, i));
        i = end + 1;
      } else {
        int start = i;
        while (i < text.length() && isWordCharacter(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw refuseAt(i, "unexpected '" + c + "'");
        }
        tokens.add(new Token(text.substring(start, i), false, start));
      }
    }
  }

  private static boolean isWordCharacter(char c) {
    return !Character.isWhitespace(c) && PUNCTUATION.indexOf(c) < 0 && "'&|".indexOf(c) < 0;
  }

  boolean atEnd() {
    return next >= tokens.size();
  }

  /** The next token's text (a quoted string without its quotes), or null at the end. */
  String peek() {
    return atEnd() ? null : tokens.get(next).text();
  }

  /** Whether the next token is a quoted string. */
  boolean nextIsQuoted() {
    return !atEnd() && tokens.get(next).quoted();
  }

  /** Consumes and returns the next token's text, or null at the end. */
  String next() {
    String text = peek();
    next++;
    return text;
  }

  void expect(String punctuation) {
    if (!punctuation.equals(peek()) || tokens.get(next).quoted()) {
      throw refuse("'" + punctuation + "' expected" + (atEnd() ? "" : ", not '" + peek() + "'"));
    }
    next++;
  }

  /** The next token, which must be a quoted string. */
  String quoted() {
    if (atEnd() || !tokens.get(next).quoted()) {
      throw refuse("a quoted string expected" + (atEnd() ? "" : ", not '" + peek() + "'"));
    }
    return next();
  }

  /** A refusal at the next token (or the end): "at character N: ...". */
  Refused refuse(String message) {
    return refuseAt(atEnd() ? length : tokens.get(next).position(), message);
  }

  private static Refused refuseAt(int position, String message) {
    return new Refused("at character " + (position + 1) + ": " + message);
  }
}
