package dev.andante.deploy.cluster;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.Refusal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local ingester on the clustered event bus: distributors push pieces to it, queriers ask it
 * for recent traces. A push arrives as the protobuf bytes of an {@link ExportTraceServiceRequest}
 * holding only spans the sending distributor validated and this ingester owns; it is split into
 * pieces exactly as the distributor split it, and answered once it is in the write-ahead log. Both
 * run on a worker pool, never on the event loop.
 *
 * <p>Replies: a push answers a JSON object {@code {"refusals": [{reason, spans, message}]}}, or
 * fails with {@link IngesterAddresses#REFUSED} (JSON of the {@link PushRefusedException}) or
 * {@link IngesterAddresses#FAILED}. A lookup answers the protobuf bytes of a {@link TracesData},
 * empty when the ingester holds none of the trace.
 */
public final class IngesterEndpoint implements AutoCloseable {
  static final int WORKER_THREADS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(IngesterEndpoint.class);

  private final WorkerExecutor workers;
  private final List<MessageConsumer<Buffer>> consumers;

  private IngesterEndpoint(WorkerExecutor workers, List<MessageConsumer<Buffer>> consumers) {
    this.workers = workers;
    this.consumers = consumers;
  }

  /** Registers the ingester's addresses; completes once the registrations reached the cluster. */
  public static Future<IngesterEndpoint> register(Vertx vertx, String memberId, Ingester ingester) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("andante-ring-ingester", WORKER_THREADS);
    MessageConsumer<Buffer> push =
        vertx.eventBus().consumer(IngesterAddresses.push(memberId), m -> handlePush(workers, ingester, m));
    MessageConsumer<Buffer> find =
        vertx.eventBus().consumer(IngesterAddresses.find(memberId), m -> handleFind(workers, ingester, m));
    IngesterEndpoint endpoint = new IngesterEndpoint(workers, List.of(push, find));
    return Future.all(push.completion(), find.completion()).map(endpoint);
  }

  private static void handlePush(WorkerExecutor workers, Ingester ingester, Message<Buffer> message) {
    workers
        .executeBlocking(() -> push(ingester, message), false)
        .onSuccess(message::reply)
        .onFailure(
            e -> {
              if (e instanceof PushRefusedException refused) {
                message.fail(IngesterAddresses.REFUSED, RemoteRefusals.encode(refused).encode());
              } else {
                LOG.warn("Cannot keep pushed spans: {}", e.toString());
                message.fail(IngesterAddresses.FAILED, String.valueOf(e.getMessage()));
              }
            });
  }

  private static JsonObject push(Ingester ingester, Message<Buffer> message) {
    TenantId tenant = new TenantId(message.headers().get(IngesterAddresses.TENANT));
    byte[] bytes = message.body().getBytes();
    List<Refusal> refusals = ingester.pushEncoded(tenant, Distributor.encodedPieces(bytes), bytes);
    JsonArray array = new JsonArray();
    refusals.forEach(r -> array.add(RemoteRefusals.encode(r)));
    return new JsonObject().put("refusals", array);
  }

  private static void handleFind(WorkerExecutor workers, Ingester ingester, Message<Buffer> message) {
    workers
        .executeBlocking(
            () -> {
              TenantId tenant = new TenantId(message.headers().get(IngesterAddresses.TENANT));
              TraceId id = TraceId.parseHex(message.headers().get(IngesterAddresses.TRACE_ID));
              Optional<Trace> trace = ingester.find(tenant, id);
              return trace.isEmpty()
                  ? Buffer.buffer()
                  : Buffer.buffer(TracesData.newBuilder().addAllResourceSpans(trace.get().resourceSpans()).build().toByteArray());
            },
            false)
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(IngesterAddresses.FAILED, String.valueOf(e.getMessage())));
  }

  /** Unregisters the addresses: pushes and lookups sent here from now on fail at once. */
  @Override
  public void close() {
    consumers.forEach(MessageConsumer::unregister);
    workers.close();
  }
}
