package dev.andante.ingester.otlp;

import dev.andante.blockformat.TenantId;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.otlp.RejectedRequestException.Reason;
import java.util.Base64;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} on Vert.x's gRPC
 * server. The raw (possibly gzip-compressed) message is taken from the event loop and inflated and
 * decoded on a worker, so a large or malformed request never occupies the event loop, and an
 * undecodable one is answered INVALID_ARGUMENT with the reason.
 */
final class OtlpGrpcReceiver {
  static final ServiceName SERVICE = ServiceName.create("opentelemetry.proto.collector.trace.v1", "TraceService");
  static final ServiceMethod<ExportTraceServiceRequest, ExportTraceServiceResponse> EXPORT =
      ServiceMethod.server(
          SERVICE,
          "Export",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(ExportTraceServiceRequest.getDefaultInstance()));

  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
  private static final String IDENTITY = "identity";
  private static final String GZIP = "gzip";
  private static final String STATUS_DETAILS = "grpc-status-details-bin";

  private final ExportService export;
  private final WorkerExecutor workers;

  OtlpGrpcReceiver(ExportService export, WorkerExecutor workers) {
    this.export = export;
    this.workers = workers;
  }

  GrpcServer server(Vertx vertx) {
    // The wire limit applies to the compressed message; the inflated size is checked on the worker.
    GrpcServerOptions options = new GrpcServerOptions().setMaxMessageSize(export.maxRequestBytes());
    GrpcServer server = GrpcServer.server(vertx, options);
    server.callHandler(EXPORT, this::handle);
    return server;
  }

  private void handle(GrpcServerRequest<ExportTraceServiceRequest, ExportTraceServiceResponse> request) {
    GrpcServerResponse<ExportTraceServiceRequest, ExportTraceServiceResponse> response = request.response();
    TenantId tenant;
    try {
      tenant = export.tenant(request.headers().get(TenantId.HEADER));
    } catch (RejectedRequestException e) {
      fail(response, e);
      return;
    }
    GrpcMessage[] received = new GrpcMessage[1];
    request.messageHandler(message -> received[0] = message);
    request.exceptionHandler(e -> LOG.debug("OTLP/gRPC export stream failed: {}", e.toString()));
    request.endHandler(
        end -> {
          GrpcMessage message = received[0];
          if (message == null) {
            fail(response, new RejectedRequestException(Reason.MALFORMED, "Cannot accept spans: the call carried no message"));
            return;
          }
          workers
              .executeBlocking(() -> export.export(tenant, payload(message), OtlpFormat.PROTOBUF), false)
              .onComplete(
                  result -> {
                    if (result.succeeded()) {
                      response.end(result.result());
                    } else if (result.cause() instanceof RejectedRequestException rejected) {
                      fail(response, rejected);
                    } else if (result.cause() instanceof PushRefusedException refused) {
                      refuse(response, refused);
                    } else {
                      LOG.error("Cannot push spans: {}", result.cause().toString(), result.cause());
                      response.status(GrpcStatus.UNAVAILABLE).statusMessage("Cannot push spans: " + result.cause().getMessage()).end();
                    }
                  });
        });
  }

  /** The message's protobuf bytes, inflated. */
  private byte[] payload(GrpcMessage message) {
    String encoding = message.encoding() == null ? IDENTITY : message.encoding();
    byte[] payload = message.payload().getBytes();
    if (GZIP.equalsIgnoreCase(encoding)) {
      payload = export.gunzip(payload);
    } else if (!IDENTITY.equalsIgnoreCase(encoding)) {
      throw new RejectedRequestException(
          Reason.UNSUPPORTED_ENCODING, "Cannot accept spans: grpc-encoding '" + encoding + "' is not supported");
    }
    return payload;
  }

  /**
   * RESOURCE_EXHAUSTED for a tenant limit, UNAVAILABLE for back-pressure; both retryable in OTLP,
   * with a RetryInfo detail saying when.
   */
  private static void refuse(
      GrpcServerResponse<ExportTraceServiceRequest, ExportTraceServiceResponse> response, PushRefusedException e) {
    int code = e.isBackPressure() ? RpcStatus.UNAVAILABLE : RpcStatus.RESOURCE_EXHAUSTED;
    GrpcStatus status = e.isBackPressure() ? GrpcStatus.UNAVAILABLE : GrpcStatus.RESOURCE_EXHAUSTED;
    byte[] details = new RpcStatus(code, e.getMessage()).toProtobufWithRetryDelay(e.retryAfter());
    response.trailers().set(STATUS_DETAILS, Base64.getEncoder().withoutPadding().encodeToString(details));
    response.status(status).statusMessage(e.getMessage()).end();
  }

  private static void fail(
      GrpcServerResponse<ExportTraceServiceRequest, ExportTraceServiceResponse> response, RejectedRequestException e) {
    GrpcStatus status =
        switch (e.reason()) {
          case MALFORMED -> GrpcStatus.INVALID_ARGUMENT;
          case UNAUTHENTICATED -> GrpcStatus.UNAUTHENTICATED;
          case TOO_LARGE -> GrpcStatus.RESOURCE_EXHAUSTED;
          case UNSUPPORTED_ENCODING -> GrpcStatus.UNIMPLEMENTED;
        };
    response.status(status).statusMessage(e.getMessage()).end();
  }
}
