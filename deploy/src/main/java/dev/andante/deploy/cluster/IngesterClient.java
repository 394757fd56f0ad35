package dev.andante.deploy.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.limits.Refusal;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls another member's {@link IngesterEndpoint} over the clustered event bus. Every call has its
 * own timeout and completes on an event loop; callers that may block wait for the futures.
 */
public final class IngesterClient {
  private final Vertx vertx;

  public IngesterClient(Vertx vertx) {
    if (vertx == null) {
      throw new IllegalArgumentException("vertx must not be null");
    }
    this.vertx = vertx;
  }

  /**
   * Pushes the protobuf bytes of an export request to {@code member}'s ingester. Completes with its
   * per-trace refusals once the spans are in its write-ahead log; fails with a {@link
   * dev.andante.ingester.limits.PushRefusedException} when it refused the whole push, or any other
   * exception when it did not answer in time or failed.
   */
  public Future<List<Refusal>> push(String member, TenantId tenant, byte[] request, Duration timeout) {
    DeliveryOptions options =
        new DeliveryOptions().setSendTimeout(timeout.toMillis()).addHeader(IngesterAddresses.TENANT, tenant.value());
    return vertx
        .eventBus()
        .<JsonObject>request(IngesterAddresses.push(member), Buffer.buffer(request), options)
        .recover(e -> Future.failedFuture(translate(e, member)))
        .map(
            reply -> {
              JsonArray array = reply.body().getJsonArray("refusals", new JsonArray());
              List<Refusal> refusals = new ArrayList<>(array.size());
              for (int i = 0; i < array.size(); i++) {
                refusals.add(RemoteRefusals.refusal(array.getJsonObject(i)));
              }
              return refusals;
            });
  }

  /** What {@code member}'s ingester holds of trace {@code id}. */
  public Future<Optional<Trace>> find(String member, TenantId tenant, TraceId id, Duration timeout) {
    DeliveryOptions options =
        new DeliveryOptions()
            .setSendTimeout(timeout.toMillis())
            .addHeader(IngesterAddresses.TENANT, tenant.value())
            .addHeader(IngesterAddresses.TRACE_ID, id.toHex());
    return vertx
        .eventBus()
        .<Buffer>request(IngesterAddresses.find(member), Buffer.buffer(), options)
        .recover(e -> Future.failedFuture(translate(e, member)))
        .map(reply -> decode(id, reply.body()));
  }

  private static Optional<Trace> decode(TraceId id, Buffer body) {
    if (body == null || body.length() == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Trace(id, TracesData.parseFrom(body.getBytes()).getResourceSpansList()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cannot read trace " + id + " from an ingester: " + e.getMessage(), e);
    }
  }

  private static Throwable translate(Throwable e, String member) {
    if (e instanceof ReplyException reply && reply.failureCode() == IngesterAddresses.REFUSED) {
      return RemoteRefusals.refused(new JsonObject(reply.getMessage()));
    }
    if (e instanceof ReplyException reply) {
      return new IllegalStateException(
          "ingester " + shortId(member) + " " + reply.failureType().name().toLowerCase(java.util.Locale.ROOT)
              + ": " + reply.getMessage(),
          e);
    }
    return new IllegalStateException("ingester " + shortId(member) + ": " + e.getMessage(), e);
  }

  static String shortId(String member) {
    return member.substring(0, Math.min(8, member.length()));
  }
}
