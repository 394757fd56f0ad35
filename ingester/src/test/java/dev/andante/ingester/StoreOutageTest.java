package dev.andante.ingester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.limits.RefusalReason;
import dev.andante.ingester.otlp.IngesterServer;
import dev.andante.ingester.testing.AckedLoad;
import dev.andante.ingester.testing.Configs;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.WalConfig;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store goes away while the SDK keeps sending: spans keep being acknowledged into the
 * write-ahead log until its disk budget is used, then the receivers push back (UNAVAILABLE); when the
 * store returns, the retried flushes write every acknowledged span and ingest resumes by itself.
 */
class StoreOutageTest {
  private static final long SEGMENT_BYTES = 64 * 1024;
  private static final long DISK_BUDGET = 8 * SEGMENT_BYTES;

  @TempDir Path dir;

  private final Map<TraceId, Set<String>> acknowledged = new ConcurrentHashMap<>();
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    vertx.close().await();
  }

  private Ingester ingester(ObjectStore store) {
    IngesterConfig config =
        Configs.timing(Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofMinutes(15), Duration.ofMillis(100))
            .withWal(new WalConfig(FsyncPolicy.ALWAYS, SEGMENT_BYTES))
            .withWalDiskBudgetBytes(DISK_BUDGET);
    Ingester ingester = new Ingester(config, new Backend(store), Encodings.current(), BlockConfig.DEFAULT, dir.resolve("wal"), Clock.systemUTC());
    ingester.start();
    return ingester;
  }

  /** Runs load through an outage made by {@code breakStore} and ended by {@code repairStore}. */
  private void survivesOutage(ObjectStore store, Runnable breakStore, Runnable repairStore) throws Exception {
    try (Ingester ingester = ingester(store)) {
      IngesterServer server = new IngesterServer(vertx, ingester);
      int grpcPort = server.start().await().grpcPort();
      AckedLoad load = new AckedLoad(grpcPort, 3, acknowledged);
      assertThat(load.awaitAcks(20, Duration.ofSeconds(60))).isTrue();

      breakStore.run();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> ingester.metrics().refusedRequests(RefusalReason.WAL_DISK_BUDGET) > 0 && ingester.metrics().flushFailures() > 0);
      int ackedDuringOutage = load.acked();

      repairStore.run();
      // Flush retries drain the backlog, the log shrinks, and the receivers accept again.
      assertThat(load.awaitAcks(20, Duration.ofSeconds(120))).as("acks resume after the outage").isTrue();
      load.close();
      assertThat(load.acked()).isGreaterThan(ackedDuringOutage);
      assertThat(ingester.flushAll(Duration.ofSeconds(120))).isTrue();
      server.stop().await();
    }
    assertEveryAcknowledgedSpanIsInTheStore(new Backend(store));
  }

  private void assertEveryAcknowledgedSpanIsInTheStore(Backend backend) {
    List<BlockReader> readers = new ArrayList<>();
    for (var id : backend.blocks(TenantId.SINGLE_TENANT)) {
      BlockMeta meta = backend.blockMeta(TenantId.SINGLE_TENANT, id).orElseThrow();
      readers.add(Encodings.open(backend, meta));
    }
    for (Map.Entry<TraceId, Set<String>> trace : acknowledged.entrySet()) {
      Set<String> found = new HashSet<>();
      for (BlockReader reader : readers) {
        reader.find(trace.getKey()).ifPresent(t -> found.addAll(spanIds(t)));
      }
      assertThat(found).as("trace %s", trace.getKey()).containsAll(trace.getValue());
    }
    System.out.printf("%d acknowledged traces all in %d blocks%n", acknowledged.size(), readers.size());
  }

  private static Set<String> spanIds(Trace trace) {
    Set<String> ids = new HashSet<>();
    for (ResourceSpans rs : trace.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ss.getSpansList().forEach(s -> ids.add(HexFormat.of().formatHex(s.getSpanId().toByteArray())));
      }
    }
    return ids;
  }

  @Test
  void s3ProxyStoppedAndStartedAgain() throws Exception {
    Path data = dir.resolve("s3");
    S3ProxyServer[] s3 = {S3ProxyServer.start(data)};
    int port = s3[0].port();
    String bucket = s3[0].createBucket();
    try (S3ObjectStore store = S3ObjectStore.create(s3[0].config(bucket), S3ProxyServer.testOptions())) {
      survivesOutage(store, () -> s3[0].close(), () -> s3[0] = S3ProxyServer.start(data, port));
    } finally {
      s3[0].close();
    }
  }

  @Test
  void localStoreDirectoryUnwritableAndRestored() throws Exception {
    Path root = dir.resolve("store");
    Path aside = dir.resolve("store-aside");
    Files.createDirectories(root);
    // Tests may run as root, which ignores permissions: a plain file where the directory was makes
    // every write fail the same way for everyone.
    survivesOutage(
        new LocalObjectStore(root),
        () -> {
          try {
            Files.move(root, aside);
            Files.writeString(root, "not a directory");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        () -> {
          try {
            Files.delete(root);
            Files.move(aside, root);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
