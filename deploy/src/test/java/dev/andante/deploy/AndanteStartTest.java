package dev.andante.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import dev.andante.deploy.config.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AndanteStartTest {
  @TempDir Path dir;

  private AndanteConfig config(int httpPort, Target target) {
    String yaml =
        """
        target: %s
        server: {http_listen_address: 127.0.0.1, http_listen_port: %d}
        distributor:
          receivers:
            otlp:
              protocols:
                grpc: {endpoint: "127.0.0.1:0"}
                http: {endpoint: "127.0.0.1:0"}
        storage:
          trace:
            local: {path: %s}
            wal: {path: %s}
        """
            .formatted(target.key(), httpPort, dir.resolve("blocks"), dir.resolve("wal"));
    return ConfigLoader.plain().parse(yaml, "test");
  }

  @Test
  void aPortInUseStopsStartUpWithTheAddressAndLeavesTheOtherProcessServing() throws Exception {
    try (Andante first = Andante.start(config(0, Target.ALL))) {
      int taken = first.httpPort();
      assertThatThrownBy(() -> Andante.start(config(taken, Target.ALL)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Cannot start Andante: ")
          .hasMessageContaining(String.valueOf(taken));
      await("the first process still serves").atMost(Duration.ofSeconds(60)).until(() -> status(taken, "/ready") == 200);
    }
  }

  @Test
  void eachTargetRunsOnlyItsRoles() {
    try (Andante querier = Andante.start(config(0, Target.QUERIER))) {
      assertThat(querier.httpPort()).isPositive();
      assertThat(querier.ingester()).isEmpty();
      assertThatThrownBy(querier::otlpGrpcPort).hasMessageContaining("no receivers run (target querier)");
    }
    try (Andante ingester = Andante.start(config(0, Target.INGESTER))) {
      assertThat(ingester.otlpGrpcPort()).isPositive();
      assertThat(ingester.otlpHttpPort()).isPositive();
      assertThatThrownBy(ingester::httpPort).hasMessageContaining("no querier runs (target ingester)");
    }
    try (Andante compactor = Andante.start(config(0, Target.COMPACTOR))) {
      assertThat(compactor.ingester()).isEmpty();
    }
    assertThatThrownBy(() -> Andante.start(config(0, Target.DISTRIBUTOR)))
        .hasMessageContaining("Cannot run target distributor alone: it routes spans to the ring's ingesters and needs a memberlist section");
  }

  @Test
  void closeTwiceIsHarmless() {
    Andante andante = Andante.start(config(0, Target.ALL));
    andante.close();
    andante.close();
  }

  private static int status(int port, String path) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.discarding());
    return response.statusCode();
  }
}
