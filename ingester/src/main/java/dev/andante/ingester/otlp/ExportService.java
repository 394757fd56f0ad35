package dev.andante.ingester.otlp;

import dev.andante.blockformat.TenantId;
import dev.andante.ingester.distributor.MalformedRequestException;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.otlp.RejectedRequestException.Reason;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The part of an OTLP export that both receivers share: tenant, decompression, decoding, pushing.
 * Blocking; the receivers call it from worker threads. Thread safe.
 */
final class ExportService {
  private final RequestPusher pusher;
  private final boolean multitenancyEnabled;
  private final int maxRequestBytes;

  ExportService(RequestPusher pusher, boolean multitenancyEnabled, int maxRequestBytes) {
    this.pusher = pusher;
    this.multitenancyEnabled = multitenancyEnabled;
    this.maxRequestBytes = maxRequestBytes;
  }

  int maxRequestBytes() {
    return maxRequestBytes;
  }

  /**
   * The tenant named by an {@code X-Scope-OrgID} value.
   *
   * @throws RejectedRequestException ({@link Reason#UNAUTHENTICATED}) when it is required and
   *     missing or invalid
   */
  TenantId tenant(String header) {
    try {
      return TenantId.fromHeader(header, multitenancyEnabled);
    } catch (IllegalArgumentException e) {
      throw new RejectedRequestException(Reason.UNAUTHENTICATED, "Cannot accept spans: " + e.getMessage());
    }
  }

  /** Decodes and pushes {@code request}; returns what to answer. */
  ExportTraceServiceResponse export(TenantId tenant, byte[] body, OtlpFormat format) {
    if (format == OtlpFormat.PROTOBUF) {
      try {
        return OtlpCodec.response(pusher.push(tenant, body));
      } catch (MalformedRequestException e) {
        throw new RejectedRequestException(Reason.MALFORMED, e.getMessage(), e);
      }
    }
    return OtlpCodec.response(pusher.push(tenant, OtlpCodec.decode(body, format), null));
  }

  ExportTraceServiceResponse export(TenantId tenant, ExportTraceServiceRequest request) {
    PushResult result = pusher.push(tenant, request);
    return OtlpCodec.response(result);
  }

  /**
   * Inflates a gzip body, refusing one that inflates past {@code maxRequestBytes} (a small body may
   * expand a thousandfold).
   */
  byte[] gunzip(byte[] compressed) {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxRequestBytes, compressed.length * 4 + 64));
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > maxRequestBytes) {
          throw new RejectedRequestException(
              Reason.TOO_LARGE, "Cannot accept spans: the request body exceeds " + maxRequestBytes + " bytes once inflated");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new RejectedRequestException(Reason.MALFORMED, "Cannot decompress gzip request: " + e.getMessage(), e);
    }
  }
}
