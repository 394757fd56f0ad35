package dev.andante.ingester.distributor;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.util.List;

/**
 * The spans of one trace from one push, kept as protobuf bytes: {@code bytes} is an encoded OTLP
 * {@code TracesData} (repeated ResourceSpans, field 1), each ResourceSpans carrying its resource and
 * scopes and only spans of {@link #id()}. The ingester keeps live traces in this form and decodes
 * them only to write a block or answer a query: a few hundred bytes a span instead of an object
 * graph ten times that size. Two pieces of one trace concatenated are the encoding of both.
 * Treat {@code bytes} as immutable.
 *
 * @param id the trace ID every span in it carries
 * @param bytes the encoded TracesData
 * @param spanCount how many spans it holds
 */
public record EncodedPiece(TraceId id, byte[] bytes, int spanCount) {
  private static final int RESOURCE_SPANS_FIELD = 1;

  public EncodedPiece {
    if (id == null || bytes == null) {
      throw new IllegalArgumentException("id and bytes must not be null");
    }
    if (spanCount < 0) {
      throw new IllegalArgumentException("spanCount must not be negative, got " + spanCount);
    }
  }

  /** {@code trace} encoded (a full protobuf serialization: for pushes that arrive decoded). */
  public static EncodedPiece of(Trace trace) {
    if (trace == null) {
      throw new IllegalArgumentException("trace must not be null");
    }
    int size = 0;
    for (ResourceSpans rs : trace.resourceSpans()) {
      size += CodedOutputStream.computeMessageSize(RESOURCE_SPANS_FIELD, rs);
    }
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      for (ResourceSpans rs : trace.resourceSpans()) {
        stream.writeMessage(RESOURCE_SPANS_FIELD, rs);
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode trace " + trace.id() + ": " + e.getMessage(), e);
    }
    return new EncodedPiece(trace.id(), out, trace.spanCount());
  }

  /** Protobuf size of the piece: the measure of memory, limits and block size. */
  public long size() {
    return bytes.length;
  }

  /**
   * The piece decoded.
   *
   * @throws IllegalStateException if its bytes do not decode (they were checked when it was split)
   */
  public Trace decode() {
    return new Trace(id, decodeResourceSpans(bytes));
  }

  /** The ResourceSpans of an encoded TracesData, such as several pieces' bytes concatenated. */
  public static List<ResourceSpans> decodeResourceSpans(byte[] tracesData) {
    try {
      return TracesData.parseFrom(tracesData).getResourceSpansList();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cannot decode trace piece: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedPiece other
        && id.equals(other.id) && spanCount == other.spanCount && java.util.Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "EncodedPiece[" + id + ", " + bytes.length + " bytes, " + spanCount + " spans]";
  }
}
