package dev.andante.ingester.wal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * The payload of one write-ahead log record: one push of one tenant. Two layouts, told apart by the
 * first byte. {@link #REQUEST}: the tenant, the export request's protobuf bytes as received, and the
 * trace IDs whose spans were refused; replay splits the request again, exactly as the distributor
 * did ({@link Distributor#pieces}), and drops the refused traces. Writing the received bytes costs a
 * copy, where encoding the pieces costs a full protobuf serialization (UTF-8 encoding every string)
 * on the push path. {@link #PIECES}, for pushes that arrive without their bytes (OTLP JSON, a
 * forwarded push): the tenant as a length-prefixed UTF-8 string, the piece
 * count, then per piece its 16-byte trace ID, its ResourceSpans count and each ResourceSpans as a
 * length-prefixed protobuf message (varints throughout). Storing the pieces rather than the request
 * keeps replay a plain re-push, and the protobuf sizes are already computed (and cached) by the push
 * path, so encoding is one copy.
 *
 * @param tenant whose spans these are
 * @param pieces one piece per trace ID
 */
public record WalRecord(TenantId tenant, List<Trace> pieces) {
  static final byte VERSION = 1;
  static final byte PIECES = VERSION;
  static final byte REQUEST = 2;

  public WalRecord {
    if (tenant == null || pieces == null) {
      throw new IllegalArgumentException("tenant and pieces must not be null");
    }
  }

  /** The record's bytes, sized exactly. */
  public byte[] encode() {
    int size = 1 + CodedOutputStream.computeStringSizeNoTag(tenant.value())
        + CodedOutputStream.computeUInt32SizeNoTag(pieces.size());
    for (Trace piece : pieces) {
      size += TraceId.LENGTH + CodedOutputStream.computeUInt32SizeNoTag(piece.resourceSpans().size());
      for (ResourceSpans rs : piece.resourceSpans()) {
        size += CodedOutputStream.computeMessageSizeNoTag(rs);
      }
    }
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    byte[] id = new byte[TraceId.LENGTH];
    try {
      stream.writeRawByte(VERSION);
      stream.writeStringNoTag(tenant.value());
      stream.writeUInt32NoTag(pieces.size());
      for (Trace piece : pieces) {
        piece.id().writeTo(id, 0);
        stream.writeRawBytes(id);
        stream.writeUInt32NoTag(piece.resourceSpans().size());
        for (ResourceSpans rs : piece.resourceSpans()) {
          stream.writeMessageNoTag(rs);
        }
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode WAL record: " + e.getMessage() + " (tenant " + tenant + ")", e);
    }
    return out;
  }

  /** A {@link #REQUEST} record: {@code request} as it is, but the traces in {@code excluded}. */
  public static byte[] encodeRequest(TenantId tenant, byte[] request, Set<TraceId> excluded) {
    if (tenant == null || request == null || excluded == null) {
      throw new IllegalArgumentException("tenant, request and excluded must not be null");
    }
    int size = 1 + CodedOutputStream.computeStringSizeNoTag(tenant.value())
        + CodedOutputStream.computeUInt32SizeNoTag(request.length) + request.length
        + CodedOutputStream.computeUInt32SizeNoTag(excluded.size()) + excluded.size() * TraceId.LENGTH;
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    byte[] id = new byte[TraceId.LENGTH];
    try {
      stream.writeRawByte(REQUEST);
      stream.writeStringNoTag(tenant.value());
      stream.writeUInt32NoTag(request.length);
      stream.writeRawBytes(request);
      stream.writeUInt32NoTag(excluded.size());
      for (TraceId trace : excluded) {
        trace.writeTo(id, 0);
        stream.writeRawBytes(id);
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode WAL record: " + e.getMessage() + " (tenant " + tenant + ")", e);
    }
    return out;
  }

  /**
   * Decodes a record written by {@link #encode()} or {@link #encodeRequest}.
   *
   * @throws CorruptWalRecordException saying what is wrong (its checksum matched, so this means a
   *     bug or a version this build does not know)
   */
  public static WalRecord decode(byte[] payload) {
    CodedInputStream in = CodedInputStream.newInstance(payload);
    try {
      byte version = in.readRawByte();
      if (version != PIECES && version != REQUEST) {
        throw new CorruptWalRecordException("Cannot decode WAL record: unknown version " + version);
      }
      TenantId tenant = new TenantId(in.readString());
      if (version == REQUEST) {
        return decodeRequest(tenant, in);
      }
      int count = in.readUInt32();
      List<Trace> pieces = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        TraceId id = TraceId.of(in.readRawBytes(TraceId.LENGTH));
        int resources = in.readUInt32();
        List<ResourceSpans> resourceSpans = new ArrayList<>(resources);
        for (int r = 0; r < resources; r++) {
          ResourceSpans.Builder rs = ResourceSpans.newBuilder();
          in.readMessage(rs, ExtensionRegistryLite.getEmptyRegistry());
          resourceSpans.add(rs.build());
        }
        pieces.add(new Trace(id, resourceSpans));
      }
      if (!in.isAtEnd()) {
        throw new CorruptWalRecordException("Cannot decode WAL record: trailing bytes after " + count + " pieces");
      }
      return new WalRecord(tenant, pieces);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptWalRecordException("Cannot decode WAL record: " + e.getMessage(), e);
    }
  }

  private static WalRecord decodeRequest(TenantId tenant, CodedInputStream in) throws IOException {
    int length = in.readUInt32();
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readRawBytes(length));
    int excludedCount = in.readUInt32();
    Set<TraceId> excluded = new HashSet<>();
    for (int i = 0; i < excludedCount; i++) {
      excluded.add(TraceId.of(in.readRawBytes(TraceId.LENGTH)));
    }
    if (!in.isAtEnd()) {
      throw new CorruptWalRecordException("Cannot decode WAL record: trailing bytes after the request");
    }
    List<Trace> pieces = Distributor.pieces(request);
    if (!excluded.isEmpty()) {
      pieces.removeIf(piece -> excluded.contains(piece.id()));
    }
    return new WalRecord(tenant, pieces);
  }
}
