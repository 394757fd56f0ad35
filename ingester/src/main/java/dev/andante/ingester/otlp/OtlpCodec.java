package dev.andante.ingester.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.otlp.RejectedRequestException.Reason;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Decodes OTLP export requests and encodes their responses, in protobuf or OTLP JSON. Stateless. */
public final class OtlpCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpCodec() {}

  /**
   * Decodes {@code body}.
   *
   * @throws RejectedRequestException ({@link Reason#MALFORMED}) saying what is wrong with it
   */
  public static ExportTraceServiceRequest decode(byte[] body, OtlpFormat format) {
    return format == OtlpFormat.JSON ? decodeJson(body) : decodeProtobuf(body);
  }

  static ExportTraceServiceRequest decodeProtobuf(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new RejectedRequestException(
          Reason.MALFORMED, "Cannot decode ExportTraceServiceRequest from protobuf: " + e.getMessage(), e);
    }
  }

  static ExportTraceServiceRequest decodeJson(byte[] body) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RejectedRequestException(
          Reason.MALFORMED, "Cannot decode OTLP JSON: " + e.getOriginalMessage() + locationOf(e), e);
    } catch (IOException e) {
      throw new RejectedRequestException(Reason.MALFORMED, "Cannot decode OTLP JSON: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      return ExportTraceServiceRequest.getDefaultInstance();
    }
    if (!tree.isObject()) {
      throw new RejectedRequestException(
          Reason.MALFORMED, "Cannot decode OTLP JSON: expected an object, got " + tree.getNodeType().name().toLowerCase());
    }
    OtlpJsonIds.hexToBase64(tree);
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    try {
      JSON_PARSER.merge(tree.toString(), request);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new RejectedRequestException(
          Reason.MALFORMED, "Cannot decode OTLP JSON as ExportTraceServiceRequest: " + e.getMessage(), e);
    }
    return request.build();
  }

  /** The response to a push: empty, or a partial success naming the refused spans. */
  public static ExportTraceServiceResponse response(PushResult result) {
    if (!result.isPartial()) {
      return ExportTraceServiceResponse.getDefaultInstance();
    }
    return ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(result.rejectedSpans())
                .setErrorMessage(result.errorMessage()))
        .build();
  }

  public static byte[] encode(ExportTraceServiceResponse response, OtlpFormat format) {
    if (format == OtlpFormat.PROTOBUF) {
      return response.toByteArray();
    }
    try {
      return JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cannot encode ExportTraceServiceResponse as JSON", e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
