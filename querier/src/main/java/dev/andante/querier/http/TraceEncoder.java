package dev.andante.querier.http;

import com.google.protobuf.CodedOutputStream;
import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes a found trace the way Tempo's trace-by-ID API answers.
 *
 * <ul>
 *   <li>v1 protobuf: Tempo's {@code Trace} message, field 1 = repeated ResourceSpans — wire-identical
 *       to OTLP {@code TracesData}.
 *   <li>v1 JSON: {@code {"batches":[ResourceSpans…]}}.
 *   <li>v2 protobuf: {@code TraceByIDResponse}: field 1 = the Trace message, and for a partial trace
 *       field 3 = {@code PartialStatus.PARTIAL} (1) and field 4 = a message.
 *   <li>v2 JSON: {@code {"trace":{"resourceSpans":[…]}}}, plus {@code "status":"PARTIAL"} and {@code
 *       "message"} for a partial trace.
 * </ul>
 *
 * JSON is OTLP JSON with hex trace and span IDs.
 */
final class TraceEncoder {
  static final String PARTIAL = "PARTIAL";
  private static final int PARTIAL_STATUS = 1;

  private TraceEncoder() {}

  static byte[] v1Protobuf(Trace trace) {
    return tracesData(trace).toByteArray();
  }

  static String v1Json(Trace trace) {
    return OtlpJson.printBatches(trace.resourceSpans());
  }

  static byte[] v2Protobuf(Trace trace, String partialMessage) {
    byte[] traceBytes = v1Protobuf(trace);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(traceBytes.length + 16);
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(1, traceBytes);
      if (partialMessage != null) {
        out.writeEnum(3, PARTIAL_STATUS);
        out.writeString(4, partialMessage);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode trace: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  static String v2Json(Trace trace, String partialMessage) {
    StringBuilder json = new StringBuilder("{\"trace\":").append(OtlpJson.printTracesData(trace.resourceSpans()));
    if (partialMessage != null) {
      json.append(",\"status\":\"").append(PARTIAL).append("\",\"message\":")
          .append(Json.encode(partialMessage));
    }
    return json.append('}').toString();
  }

  private static TracesData tracesData(Trace trace) {
    return TracesData.newBuilder().addAllResourceSpans(trace.resourceSpans()).build();
  }
}
