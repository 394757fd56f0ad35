package dev.andante.deploy.config;

/** What is wrong with one key, before the loader adds the file name. */
final class ConfigProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigProblem(String message) {
    super(message);
  }

  ConfigProblem(String key, String message) {
    super(key + ": " + message);
  }

  ConfigProblem(String key, String message, Throwable cause) {
    super(key + ": " + message, cause);
  }
}
