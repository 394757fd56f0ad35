package dev.andante.ingester.otlp;

import dev.andante.blockformat.TenantId;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.otlp.RejectedRequestException.Reason;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP: {@code POST /v1/traces} with a protobuf or JSON ExportTraceServiceRequest, answered per
 * the OTLP/HTTP spec — 200 with an ExportTraceServiceResponse (partial success when spans were
 * refused), 400/401/413/415 with a google.rpc.Status saying why — each in the request's encoding.
 * The event loop only reads and writes; inflating, decoding and pushing run on the worker executor.
 * Gzip bodies are inflated here rather than by the HTTP server, which inflates HTTP/1.1 bodies but
 * not those of connections upgraded to h2c; the body limit applies to the compressed body and again
 * to the inflated one.
 */
final class OtlpHttpReceiver {
  static final String PATH = "/v1/traces";

  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpReceiver.class);
  private static final String FORMAT = "andante.otlp.format";
  private static final String TENANT = "andante.otlp.tenant";
  private static final String GZIPPED = "andante.otlp.gzipped";
  private static final String GZIP = "gzip";

  private final ExportService export;
  private final WorkerExecutor workers;

  OtlpHttpReceiver(ExportService export, WorkerExecutor workers) {
    this.export = export;
    this.workers = workers;
  }

  Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router
        .post(PATH)
        .handler((PlatformHandler) this::checkHeaders)
        .handler(BodyHandler.create(false).setBodyLimit(export.maxRequestBytes()))
        .handler(this::export);
    router.errorHandler(
        413,
        ctx ->
            reply(
                ctx,
                413,
                new RpcStatus(
                    RpcStatus.RESOURCE_EXHAUSTED,
                    "Cannot accept spans: the request body exceeds " + export.maxRequestBytes() + " bytes")));
    return router;
  }

  /**
   * Refuses wrong content types and missing tenants before the body is read (a platform handler,
   * because Vert.x runs those ahead of the body handler).
   */
  private void checkHeaders(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    OtlpFormat format = OtlpFormat.ofContentType(contentType).orElse(null);
    if (format == null) {
      ctx.put(FORMAT, OtlpFormat.JSON);
      reply(
          ctx,
          415,
          new RpcStatus(
              RpcStatus.INVALID_ARGUMENT,
              "Cannot accept spans: "
                  + (contentType == null ? "the request has no content type" : "content type '" + contentType + "' is not supported")
                  + ", send application/x-protobuf or application/json"));
      return;
    }
    ctx.put(FORMAT, format);
    String encoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.equalsIgnoreCase("identity") && !encoding.equalsIgnoreCase(GZIP)) {
      reply(
          ctx,
          415,
          new RpcStatus(
              RpcStatus.INVALID_ARGUMENT,
              "Cannot accept spans: content encoding '" + encoding + "' is not supported, send gzip or identity"));
      return;
    }
    ctx.put(GZIPPED, GZIP.equalsIgnoreCase(encoding));
    try {
      ctx.put(TENANT, export.tenant(ctx.request().getHeader(TenantId.HEADER)));
    } catch (RejectedRequestException e) {
      reply(ctx, e);
      return;
    }
    ctx.next();
  }

  private void export(RoutingContext ctx) {
    OtlpFormat format = ctx.get(FORMAT);
    TenantId tenant = ctx.get(TENANT);
    Buffer body = ctx.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    boolean gzipped = ctx.get(GZIPPED);
    workers
        .executeBlocking(
            () -> OtlpCodec.encode(export.export(tenant, gzipped ? export.gunzip(bytes) : bytes, format), format),
            false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                ctx.response()
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
                    .end(Buffer.buffer(result.result()));
              } else {
                reply(ctx, result.cause());
              }
            });
  }

  private void reply(RoutingContext ctx, Throwable failure) {
    if (failure instanceof RejectedRequestException rejected) {
      reply(ctx, rejected);
    } else if (failure instanceof PushRefusedException refused) {
      // 429 for a tenant limit, 503 for back-pressure: both retryable in OTLP/HTTP, after Retry-After.
      long seconds = Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000);
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      if (refused.isBackPressure()) {
        reply(ctx, 503, new RpcStatus(RpcStatus.UNAVAILABLE, refused.getMessage()));
      } else {
        reply(ctx, 429, new RpcStatus(RpcStatus.RESOURCE_EXHAUSTED, refused.getMessage()));
      }
    } else {
      LOG.error("Cannot push spans: {}", failure.toString(), failure);
      reply(ctx, 503, new RpcStatus(RpcStatus.UNAVAILABLE, "Cannot push spans: " + failure.getMessage()));
    }
  }

  private void reply(RoutingContext ctx, RejectedRequestException e) {
    int status =
        switch (e.reason()) {
          case MALFORMED -> 400;
          case UNAUTHENTICATED -> 401;
          case TOO_LARGE -> 413;
          case UNSUPPORTED_ENCODING -> 415;
        };
    int code = e.reason() == Reason.UNAUTHENTICATED ? RpcStatus.UNAUTHENTICATED : RpcStatus.INVALID_ARGUMENT;
    reply(ctx, status, new RpcStatus(code, e.getMessage()));
  }

  private static void reply(RoutingContext ctx, int status, RpcStatus body) {
    OtlpFormat format = ctx.get(FORMAT) == null ? OtlpFormat.PROTOBUF : ctx.get(FORMAT);
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
        .end(Buffer.buffer(body.encode(format)));
  }
}
