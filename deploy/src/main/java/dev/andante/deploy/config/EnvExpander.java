package dev.andante.deploy.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} with values from the environment, as Tempo's
 * {@code -config.expand-env=true} does, before the YAML is parsed. {@code $$} stands for a literal
 * {@code $}. A variable that is not set and has no default is an error that names it.
 */
public final class EnvExpander {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> env;

  /** @param env variable name → value, or null when unset */
  public EnvExpander(Function<String, String> env) {
    if (env == null) {
      throw new IllegalArgumentException("env must not be null");
    }
    this.env = env;
  }

  public static EnvExpander of(Map<String, String> env) {
    return new EnvExpander(env::get);
  }

  public static EnvExpander system() {
    return new EnvExpander(System::getenv);
  }

  /**
   * {@code text} with every reference replaced.
   *
   * @throws IllegalArgumentException naming the first variable that is unset and has no default
   */
  public String expand(String text) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group(1);
        String value = env.apply(name);
        if (value == null) {
          if (m.group(2) == null) {
            int line = lineOf(text, m.start());
            throw new IllegalArgumentException(
                "environment variable '" + name + "' is not set and has no default (line " + line
                    + "; write ${" + name + ":-default} to give one)");
          }
          value = m.group(2);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
