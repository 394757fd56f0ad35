package dev.andante.ingester.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.nio.charset.StandardCharsets;

/** Reads google.rpc.Status bodies without the common-protos classes. */
public final class StatusBodies {
  private StatusBodies() {}

  public record Status(long code, String message) {}

  public static Status parse(byte[] protobuf) throws InvalidProtocolBufferException {
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(protobuf);
    long code = fields.hasField(1) ? fields.getField(1).getVarintList().get(0) : 0;
    String message =
        fields.hasField(2) ? fields.getField(2).getLengthDelimitedList().get(0).toString(StandardCharsets.UTF_8) : "";
    return new Status(code, message);
  }
}
