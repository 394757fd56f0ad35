package dev.andante.deploy.config;

/**
 * The configuration cannot be used. The message is complete and meant for the operator as is:
 * "Cannot load config &lt;file&gt;: &lt;key path&gt;: &lt;what is wrong&gt;".
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
