package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.backend.s3.S3ProxyServer;
import dev.andante.deploy.Andante;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import dev.andante.deploy.config.EnvExpander;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Andante with its blocks in an S3 bucket (S3Proxy, a real S3 server, in-process), configured the
 * way the MinIO example is: YAML with credentials from the environment. Traces flushed at shutdown
 * are read back from the bucket after a restart.
 */
class AndanteOnS3Test {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path dir;
  private Andante andante;

  @AfterEach
  void stop() {
    if (andante != null) {
      andante.close();
    }
  }

  private AndanteConfig config(String bucket) {
    String yaml =
        LoopbackPorts.YAML
            + """
        storage:
          trace:
            backend: s3
            s3:
              bucket: ${S3_BUCKET}
              prefix: andante
              endpoint: ${S3_ENDPOINT}
              access_key: ${S3_ACCESS_KEY}
              secret_key: ${S3_SECRET_KEY}
              insecure: true
              forcepathstyle: true
            wal: {path: ${WAL}}
        """;
    Map<String, String> env =
        Map.of(
            "S3_BUCKET", bucket,
            "S3_ENDPOINT", "127.0.0.1:" + S3.port(),
            "S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY,
            "S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
            "WAL", dir.resolve("wal").toString());
    return ConfigLoader.expandingEnv(EnvExpander.of(env)).parse(yaml, "s3.yaml");
  }

  @Test
  void tracesFlushedAtShutdownAreReadFromTheBucketAfterARestart() throws Exception {
    String bucket = S3.createBucket();
    andante = Andante.start(config(bucket));
    TraceFixture fixture = new TraceFixture();
    List<String> ids =
        fixture.send(
            OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + andante.otlpHttpPort() + "/v1/traces").build(),
            2,
            "s3");
    andante.close();

    List<String> keys = S3.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    assertThat(keys).anyMatch(k -> k.startsWith("andante/single-tenant/") && k.endsWith("/meta.json"));
    for (String file : List.of("/data.parquet", "/bloom-0", "/index")) {
      assertThat(keys).as("the bucket layout").anyMatch(k -> k.startsWith("andante/single-tenant/") && k.endsWith(file));
    }

    // The bucket alone is enough: the new process starts with an empty WAL directory.
    deleteRecursively(dir.resolve("wal"));
    andante = Andante.start(config(bucket));
    await("the first blocklist poll").atMost(Duration.ofSeconds(60)).until(() -> andante.notReady().isEmpty());
    TraceApi api = new TraceApi(andante.httpPort());
    for (String id : ids) {
      assertThat(CanonicalSpans.of(api.v2Json(id))).isEqualTo(CanonicalSpans.of(fixture.sent(id)));
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
