package dev.andante.ingester.otlp;

import dev.andante.blockformat.TenantId;
import dev.andante.ingester.distributor.PushResult;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * What the receivers hand a decoded request to: the distributor, usually through {@code
 * Ingester::push}. Called on a worker thread; may block.
 */
@FunctionalInterface
public interface RequestPusher {
  PushResult push(TenantId tenant, ExportTraceServiceRequest request);

  /** As {@link #push(TenantId, ExportTraceServiceRequest)}, with the protobuf bytes it was decoded from. */
  default PushResult push(TenantId tenant, ExportTraceServiceRequest request, byte[] wire) {
    return push(tenant, request);
  }

  /**
   * A request still in protobuf bytes, as received. The default decodes it and calls {@link
   * #push(TenantId, ExportTraceServiceRequest, byte[])}; the ingester splits the bytes without
   * decoding them.
   *
   * @throws dev.andante.ingester.distributor.MalformedRequestException (or {@link
   *     RejectedRequestException}) when the bytes are not a valid request
   */
  default PushResult push(TenantId tenant, byte[] protobuf) {
    return push(tenant, OtlpCodec.decodeProtobuf(protobuf), protobuf);
  }
}
