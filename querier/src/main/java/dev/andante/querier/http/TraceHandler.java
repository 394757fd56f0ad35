package dev.andante.querier.http;

import dev.andante.blockformat.trace.Trace;
import dev.andante.querier.tracebyid.TraceByIdService;
import dev.andante.querier.tracebyid.TraceLookup;
import dev.andante.querier.tracebyid.TraceLookupTimeoutException;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/traces/{id}} and {@code GET /api/v2/traces/{id}}: parses the request on the event
 * loop, runs the lookup on a worker executor, answers in JSON or protobuf.
 */
final class TraceHandler implements Handler<RoutingContext> {
  enum Api {
    V1,
    V2
  }

  static final String NOT_FOUND = "trace not found";

  private final Api api;
  private final TraceByIdService traces;
  private final WorkerExecutor workers;
  private final QuerierMetrics metrics;
  private final boolean multitenancyEnabled;

  TraceHandler(Api api, TraceByIdService traces, WorkerExecutor workers, QuerierMetrics metrics, boolean multitenancyEnabled) {
    this.api = api;
    this.traces = traces;
    this.workers = workers;
    this.metrics = metrics;
    this.multitenancyEnabled = multitenancyEnabled;
  }

  @Override
  public void handle(RoutingContext ctx) {
    TraceRequest request;
    try {
      request = TraceRequest.parse(ctx, multitenancyEnabled);
    } catch (HttpError e) {
      Responses.text(ctx, e.status(), e.getMessage());
      return;
    }
    // Lookup and encoding both run on a worker: encoding a large trace takes milliseconds.
    workers
        .<Answer>executeBlocking(() -> answer(request, traces.find(request.tenant(), request.id(), request.range())), false)
        .onSuccess(answer -> send(ctx, answer))
        .onFailure(failure -> fail(ctx, failure));
  }

  /** A response encoded off the event loop. */
  private record Answer(TraceLookup lookup, String contentType, Buffer body) {}

  private Answer answer(TraceRequest request, TraceLookup lookup) {
    if (lookup.trace().isEmpty()) {
      return new Answer(lookup, null, null);
    }
    Trace trace = lookup.trace().get();
    String partial = lookup.partial() ? partialMessage(lookup) : null;
    if (request.protobuf()) {
      byte[] body = api == Api.V1 ? TraceEncoder.v1Protobuf(trace) : TraceEncoder.v2Protobuf(trace, partial);
      return new Answer(lookup, TraceRequest.PROTOBUF, Buffer.buffer(body));
    }
    String body = api == Api.V1 ? TraceEncoder.v1Json(trace) : TraceEncoder.v2Json(trace, partial);
    return new Answer(lookup, "application/json", Buffer.buffer(body));
  }

  private void send(RoutingContext ctx, Answer answer) {
    metrics.lookup(answer.lookup());
    if (ctx.response().closed()) {
      return; // the client gave up
    }
    if (answer.body() == null) {
      Responses.text(ctx, 404, NOT_FOUND);
      return;
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", answer.contentType()).end(answer.body());
  }

  private void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof TraceLookupTimeoutException) {
      metrics.lookupTimedOut();
      Responses.text(ctx, 504, failure.getMessage());
    } else {
      ctx.fail(500, failure);
    }
  }

  private static String partialMessage(TraceLookup lookup) {
    StringBuilder why = new StringBuilder("trace may be incomplete: ");
    if (lookup.blockFailures() > 0) {
      why.append(lookup.blockFailures()).append(" of ").append(lookup.blocksRead()).append(" blocks could not be read");
    }
    if (lookup.recentFailures() > 0) {
      why.append(lookup.blockFailures() > 0 ? ", " : "").append("recent traces could not be read");
    }
    return why.toString();
  }
}
