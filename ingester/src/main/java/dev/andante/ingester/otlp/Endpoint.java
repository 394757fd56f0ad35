package dev.andante.ingester.otlp;

/**
 * A listen address written {@code host:port} ({@code [v6]:port} for IPv6 literals); port 0 binds an
 * ephemeral port.
 */
public record Endpoint(String host, int port) {
  public Endpoint {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
  }

  /**
   * Parses {@code host:port}; an empty host ({@code ":4317"}) means every interface.
   *
   * @throws IllegalArgumentException naming {@code key} when {@code value} is not {@code host:port}
   */
  public static Endpoint parse(String value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " must be host:port, got nothing");
    }
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(key + " must be host:port, got '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " has no numeric port: '" + value + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " port must be between 0 and 65535, got '" + value + "'");
    }
    return new Endpoint(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
