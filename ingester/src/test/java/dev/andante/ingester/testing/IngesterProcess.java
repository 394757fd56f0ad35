package dev.andante.ingester.testing;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.otlp.IngesterServer;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.WalConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ingester in a process of its own, for tests that kill it: OTLP receivers on ephemeral ports, a
 * local-directory object store, and {@code GET /api/traces/{id}} answering from the ingester and
 * every block in the store (a stand-in for the querier, which lives in another module). Prints
 * {@code READY <grpcPort> <httpPort> <apiPort>} once it accepts spans.
 *
 * <p>Arguments: WAL directory, object-store directory, fsync policy (always | never).
 */
public final class IngesterProcess {
  private IngesterProcess() {}

  public static void main(String[] args) throws Exception {
    Path walDir = Path.of(args[0]);
    Backend backend = new Backend(new LocalObjectStore(Path.of(args[1])));
    IngesterConfig config =
        Configs.timing(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(15), Duration.ofMillis(200))
            .withWal(new WalConfig(FsyncPolicy.parse(args[2]), 1 << 20));
    Ingester ingester = new Ingester(config, backend, Encodings.current(), BlockConfig.DEFAULT, walDir, Clock.systemUTC());
    ingester.start();
    Vertx vertx = Vertx.vertx();
    IngesterServer.BoundPorts ports = new IngesterServer(vertx, ingester).start().await();
    Map<UUID, BlockReader> readers = new ConcurrentHashMap<>();
    Router api = Router.router(vertx);
    api.get("/api/traces/:id")
        .handler(
            ctx -> {
              TraceId id = TraceId.parseHex(ctx.pathParam("id"));
              vertx
                  .executeBlocking(() -> find(ingester, backend, readers, id))
                  .onComplete(
                      found -> {
                        if (found.failed()) {
                          ctx.response().setStatusCode(500).end(String.valueOf(found.cause()));
                        } else if (found.result().isEmpty()) {
                          ctx.response().setStatusCode(404).end();
                        } else {
                          ctx.response()
                              .putHeader("content-type", "application/json")
                              .end(OtlpJson.printBatches(found.result().get().resourceSpans()));
                        }
                      });
            });
    HttpServer apiServer = vertx.createHttpServer().requestHandler(api).listen(0, "127.0.0.1").await();
    System.out.println("READY " + ports.grpcPort() + " " + ports.httpPort() + " " + apiServer.actualPort());
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }

  private static Optional<Trace> find(Ingester ingester, Backend backend, Map<UUID, BlockReader> readers, TraceId id) {
    TenantId tenant = TenantId.SINGLE_TENANT;
    List<Trace> parts = new ArrayList<>();
    ingester.find(tenant, id).ifPresent(parts::add);
    for (UUID blockId : backend.blocks(tenant)) {
      BlockReader reader = readers.get(blockId);
      if (reader == null) {
        Optional<BlockMeta> meta = backend.blockMeta(tenant, blockId);
        if (meta.isEmpty()) {
          continue; // not yet complete: its meta.json is written last
        }
        reader = Encodings.open(backend, meta.get());
        readers.put(blockId, reader);
      }
      reader.find(id).ifPresent(parts::add);
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(TraceCombiner.combine(id, parts));
  }
}
