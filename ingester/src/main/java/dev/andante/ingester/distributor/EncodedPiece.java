package dev.andante.ingester.distributor;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The spans of one trace from one push, kept as protobuf bytes: their encoding, {@link #bytes()},
 * is an OTLP {@code TracesData} (repeated ResourceSpans, field 1), each ResourceSpans carrying its
 * resource and scopes and only spans of {@link #id()}. The ingester keeps live traces in this form
 * and decodes them only to write a block or answer a query: a few hundred bytes a span instead of
 * an object graph several times that size. Two pieces of one trace concatenated are the encoding
 * of both.
 *
 * <p>A piece split from a request holds, per ResourceSpans, the resource's encoded fields
 * (shared by reference with the other pieces of the same request: a resource often weighs more
 * than the spans of one trace under it) and its own scope_spans; {@link #bytes()} frames them
 * together. Immutable; its arrays must not be changed.
 */
public final class EncodedPiece {
  private static final int TAG_RESOURCE_SPANS = 1 << 3 | 2;
  private static final byte[][] FLAT = new byte[0][];

  private final TraceId id;
  private final int spanCount;
  /** Per ResourceSpans its fields but scope_spans; {@link #FLAT} when {@code body} is the whole encoding. */
  private final byte[][] resources;
  /** Per ResourceSpans its scope_spans fields, one after another; or the whole encoding. */
  private final byte[] body;
  /** Where each ResourceSpans' part of {@code body} ends. */
  private final int[] bodyEnds;
  private final int size;

  private EncodedPiece(TraceId id, int spanCount, byte[][] resources, byte[] body, int[] bodyEnds, int size) {
    this.id = id;
    this.spanCount = spanCount;
    this.resources = resources;
    this.body = body;
    this.bodyEnds = bodyEnds;
    this.size = size;
  }

  /**
   * A piece of trace {@code id} whose encoding is {@code tracesData}, holding {@code spanCount}
   * spans. The array is kept, not copied.
   */
  public static EncodedPiece of(TraceId id, byte[] tracesData, int spanCount) {
    if (id == null || tracesData == null) {
      throw new IllegalArgumentException("id and tracesData must not be null");
    }
    if (spanCount < 0) {
      throw new IllegalArgumentException("spanCount must not be negative, got " + spanCount);
    }
    return new EncodedPiece(id, spanCount, FLAT, tracesData, null, tracesData.length);
  }

  /**
   * A piece made of ResourceSpans {@code i} = the fields {@code resources[i]} followed by {@code
   * body[bodyEnds[i-1] .. bodyEnds[i])} (its scope_spans). Arrays are kept, not copied.
   */
  static EncodedPiece of(TraceId id, int spanCount, byte[][] resources, byte[] body, int[] bodyEnds) {
    int size = 0;
    int from = 0;
    for (int i = 0; i < resources.length; i++) {
      int length = resources[i].length + bodyEnds[i] - from;
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
      from = bodyEnds[i];
    }
    return new EncodedPiece(id, spanCount, resources, body, bodyEnds, size);
  }

  /** {@code trace} encoded (a full protobuf serialization: for pushes that arrive decoded). */
  public static EncodedPiece of(Trace trace) {
    if (trace == null) {
      throw new IllegalArgumentException("trace must not be null");
    }
    int size = 0;
    for (ResourceSpans rs : trace.resourceSpans()) {
      size += CodedOutputStream.computeMessageSize(1, rs);
    }
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      for (ResourceSpans rs : trace.resourceSpans()) {
        stream.writeMessage(1, rs);
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode trace " + trace.id() + ": " + e.getMessage(), e);
    }
    return of(trace.id(), out, trace.spanCount());
  }

  /** The trace ID every span in it carries. */
  public TraceId id() {
    return id;
  }

  public int spanCount() {
    return spanCount;
  }

  /** Bytes of its encoding: the measure of memory, limits and block size. */
  public long size() {
    return size;
  }

  /** Its encoding, an OTLP TracesData; a new array each call, except for a piece made from one. */
  public byte[] bytes() {
    if (resources == FLAT) {
      return body;
    }
    byte[] out = new byte[size];
    int at = 0;
    int from = 0;
    for (int i = 0; i < resources.length; i++) {
      int length = resources[i].length + bodyEnds[i] - from;
      out[at++] = TAG_RESOURCE_SPANS;
      while ((length & ~0x7f) != 0) {
        out[at++] = (byte) ((length & 0x7f) | 0x80);
        length >>>= 7;
      }
      out[at++] = (byte) length;
      System.arraycopy(resources[i], 0, out, at, resources[i].length);
      at += resources[i].length;
      System.arraycopy(body, from, out, at, bodyEnds[i] - from);
      at += bodyEnds[i] - from;
      from = bodyEnds[i];
    }
    return out;
  }

  /**
   * The piece decoded.
   *
   * @throws IllegalStateException if its bytes do not decode (they were checked when it was split)
   */
  public Trace decode() {
    return new Trace(id, decodeResourceSpans(bytes()));
  }

  /** The ResourceSpans of an encoded TracesData, such as several pieces' bytes concatenated. */
  public static List<ResourceSpans> decodeResourceSpans(byte[] tracesData) {
    try {
      return TracesData.parseFrom(tracesData).getResourceSpansList();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cannot decode trace piece: " + e.getMessage(), e);
    }
  }

  /** Pieces are equal when they hold the same trace ID, span count and encoding. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedPiece other
        && id.equals(other.id) && spanCount == other.spanCount && size == other.size
        && Arrays.equals(bytes(), other.bytes());
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + size;
  }

  @Override
  public String toString() {
    return "EncodedPiece[" + id + ", " + size + " bytes, " + spanCount + " spans]";
  }
}
