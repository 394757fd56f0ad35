package dev.andante.deploy.e2e;

/** The part of every end-to-end config that binds each port to 127.0.0.1 and an ephemeral port. */
final class LoopbackPorts {
  /** YAML for {@code server} and {@code distributor}; append the test's own sections after it. */
  static final String YAML =
      """
      server: {http_listen_address: 127.0.0.1, http_listen_port: 0}
      distributor:
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: "127.0.0.1:0"}
              http: {endpoint: "127.0.0.1:0"}
      """;

  private LoopbackPorts() {}
}
