package dev.andante.ingester.otlp;

import com.google.protobuf.CodedOutputStream;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@code google.rpc.Status} (code, message; no details), the body of every OTLP/HTTP error
 * response. Encoded by hand: the two fields do not warrant the common-protos dependency.
 *
 * @param code a gRPC status code, e.g. 3 for INVALID_ARGUMENT
 * @param message what was wrong, for the person reading the client's log
 */
public record RpcStatus(int code, String message) {
  public static final int INVALID_ARGUMENT = 3;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int UNIMPLEMENTED = 12;
  public static final int INTERNAL = 13;
  public static final int UNAVAILABLE = 14;
  public static final int UNAUTHENTICATED = 16;

  private static final int CODE_FIELD = 1;
  private static final int MESSAGE_FIELD = 2;
  private static final int DETAILS_FIELD = 3;
  static final String RETRY_INFO_TYPE_URL = "type.googleapis.com/google.rpc.RetryInfo";

  public byte[] encode(OtlpFormat format) {
    return format == OtlpFormat.JSON ? toJson() : toProtobuf();
  }

  byte[] toProtobuf() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length() + 8);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      if (code != 0) {
        out.writeInt32(CODE_FIELD, code);
      }
      if (!message.isEmpty()) {
        out.writeString(MESSAGE_FIELD, message);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode status: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * The status in protobuf with a {@code google.rpc.RetryInfo} detail asking the client to wait
   * {@code delay}: the value of gRPC's {@code grpc-status-details-bin} trailer, which OTLP clients
   * read to pace their retries.
   */
  public byte[] toProtobufWithRetryDelay(java.time.Duration delay) {
    try {
      ByteArrayOutputStream duration = new ByteArrayOutputStream(16);
      CodedOutputStream d = CodedOutputStream.newInstance(duration);
      d.writeInt64(1, delay.getSeconds());
      if (delay.getNano() != 0) {
        d.writeInt32(2, delay.getNano());
      }
      d.flush();
      ByteArrayOutputStream retryInfo = new ByteArrayOutputStream(24);
      CodedOutputStream r = CodedOutputStream.newInstance(retryInfo);
      r.writeByteArray(1, duration.toByteArray());
      r.flush();
      ByteArrayOutputStream any = new ByteArrayOutputStream(64);
      CodedOutputStream a = CodedOutputStream.newInstance(any);
      a.writeString(1, RETRY_INFO_TYPE_URL);
      a.writeByteArray(2, retryInfo.toByteArray());
      a.flush();
      ByteArrayOutputStream status = new ByteArrayOutputStream(message.length() + 96);
      status.write(toProtobuf());
      CodedOutputStream st = CodedOutputStream.newInstance(status);
      st.writeByteArray(DETAILS_FIELD, any.toByteArray());
      st.flush();
      return status.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode status: " + e.getMessage(), e);
    }
  }

  byte[] toJson() {
    return new JsonObject().put("code", code).put("message", message).toBuffer().getBytes();
  }
}
