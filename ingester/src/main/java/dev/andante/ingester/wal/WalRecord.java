package dev.andante.ingester.wal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.distributor.EncodedPiece;
import dev.andante.ingester.distributor.MalformedRequestException;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The payload of one write-ahead log record: one push of one tenant. Layouts, told apart by the
 * first byte:
 *
 * <ul>
 *   <li>{@link #REQUEST}: the tenant, the export request's protobuf bytes as received, and the trace
 *       IDs whose spans were refused; replay splits the request again, exactly as the distributor
 *       did ({@link Distributor#encodedPieces}), and drops the refused traces. Writing the received
 *       bytes costs a copy.
 *   <li>{@link #ENCODED}, for pushes that arrive already split (OTLP JSON, a forwarded push, live
 *       traces logged again): the tenant as a length-prefixed UTF-8 string, the piece count, then
 *       per piece its 16-byte trace ID, span count and protobuf bytes ({@link EncodedPiece}),
 *       length-prefixed (varints throughout). The pieces are kept in memory as those same bytes.
 *   <li>{@link #PIECES}, written by earlier builds and still read: per piece its trace ID, its
 *       ResourceSpans count and each ResourceSpans as a length-prefixed message.
 * </ul>
 *
 * @param tenant whose spans these are
 * @param encodedPieces one piece per trace ID
 */
public record WalRecord(TenantId tenant, List<EncodedPiece> encodedPieces) {
  static final byte VERSION = 1;
  static final byte PIECES = VERSION;
  static final byte REQUEST = 2;
  static final byte ENCODED = 3;

  public WalRecord {
    if (tenant == null || encodedPieces == null) {
      throw new IllegalArgumentException("tenant and encodedPieces must not be null");
    }
  }

  /** A record of decoded {@code pieces}, encoded now. */
  public static WalRecord of(TenantId tenant, List<Trace> pieces) {
    if (pieces == null) {
      throw new IllegalArgumentException("pieces must not be null");
    }
    List<EncodedPiece> encoded = new ArrayList<>(pieces.size());
    pieces.forEach(piece -> encoded.add(EncodedPiece.of(piece)));
    return new WalRecord(tenant, encoded);
  }

  /** The pieces decoded. */
  public List<Trace> pieces() {
    List<Trace> decoded = new ArrayList<>(encodedPieces.size());
    encodedPieces.forEach(piece -> decoded.add(piece.decode()));
    return decoded;
  }

  /** The record's bytes ({@link #ENCODED}), sized exactly. */
  public byte[] encode() {
    int size = 1 + CodedOutputStream.computeStringSizeNoTag(tenant.value())
        + CodedOutputStream.computeUInt32SizeNoTag(encodedPieces.size());
    for (EncodedPiece piece : encodedPieces) {
      size += TraceId.LENGTH + CodedOutputStream.computeUInt32SizeNoTag(piece.spanCount())
          + CodedOutputStream.computeUInt32SizeNoTag((int) piece.size()) + (int) piece.size();
    }
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    byte[] id = new byte[TraceId.LENGTH];
    try {
      stream.writeRawByte(ENCODED);
      stream.writeStringNoTag(tenant.value());
      stream.writeUInt32NoTag(encodedPieces.size());
      for (EncodedPiece piece : encodedPieces) {
        piece.id().writeTo(id, 0);
        stream.writeRawBytes(id);
        stream.writeUInt32NoTag(piece.spanCount());
        stream.writeByteArrayNoTag(piece.bytes());
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode WAL record: " + e.getMessage() + " (tenant " + tenant + ")", e);
    }
    return out;
  }

  /** A {@link #REQUEST} record: {@code request} as it is, but the traces in {@code excluded}. */
  public static byte[] encodeRequest(TenantId tenant, byte[] request, Set<TraceId> excluded) {
    byte[][] parts = encodeRequestParts(tenant, request, excluded);
    byte[] out = new byte[parts[0].length + parts[1].length + parts[2].length];
    System.arraycopy(parts[0], 0, out, 0, parts[0].length);
    System.arraycopy(parts[1], 0, out, parts[0].length, parts[1].length);
    System.arraycopy(parts[2], 0, out, parts[0].length + parts[1].length, parts[2].length);
    return out;
  }

  /**
   * {@link #encodeRequest} in three parts to be written one after another: what comes before the
   * request, {@code request} itself (not copied), and what comes after it.
   */
  public static byte[][] encodeRequestParts(TenantId tenant, byte[] request, Set<TraceId> excluded) {
    if (tenant == null || request == null || excluded == null) {
      throw new IllegalArgumentException("tenant, request and excluded must not be null");
    }
    byte[] head = new byte[1 + CodedOutputStream.computeStringSizeNoTag(tenant.value())
        + CodedOutputStream.computeUInt32SizeNoTag(request.length)];
    byte[] tail = new byte[CodedOutputStream.computeUInt32SizeNoTag(excluded.size()) + excluded.size() * TraceId.LENGTH];
    byte[] id = new byte[TraceId.LENGTH];
    try {
      CodedOutputStream stream = CodedOutputStream.newInstance(head);
      stream.writeRawByte(REQUEST);
      stream.writeStringNoTag(tenant.value());
      stream.writeUInt32NoTag(request.length);
      stream.checkNoSpaceLeft();
      stream = CodedOutputStream.newInstance(tail);
      stream.writeUInt32NoTag(excluded.size());
      for (TraceId trace : excluded) {
        trace.writeTo(id, 0);
        stream.writeRawBytes(id);
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode WAL record: " + e.getMessage() + " (tenant " + tenant + ")", e);
    }
    return new byte[][] {head, request, tail};
  }

  /**
   * Decodes a record written by {@link #encode()}, {@link #encodeRequest} or an earlier build.
   *
   * @throws CorruptWalRecordException saying what is wrong (its checksum matched, so this means a
   *     bug or a version this build does not know)
   */
  public static WalRecord decode(byte[] payload) {
    CodedInputStream in = CodedInputStream.newInstance(payload);
    try {
      byte version = in.readRawByte();
      if (version != PIECES && version != REQUEST && version != ENCODED) {
        throw new CorruptWalRecordException("Cannot decode WAL record: unknown version " + version);
      }
      TenantId tenant = new TenantId(in.readString());
      if (version == REQUEST) {
        return decodeRequest(tenant, in);
      }
      int count = in.readUInt32();
      List<EncodedPiece> pieces = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        TraceId id = TraceId.of(in.readRawBytes(TraceId.LENGTH));
        if (version == ENCODED) {
          int spans = in.readUInt32();
          pieces.add(EncodedPiece.of(id, in.readByteArray(), spans));
        } else {
          pieces.add(decodePiece(id, in));
        }
      }
      if (!in.isAtEnd()) {
        throw new CorruptWalRecordException("Cannot decode WAL record: trailing bytes after " + count + " pieces");
      }
      return new WalRecord(tenant, pieces);
    } catch (IOException | IllegalArgumentException | MalformedRequestException e) {
      throw new CorruptWalRecordException("Cannot decode WAL record: " + e.getMessage(), e);
    }
  }

  private static EncodedPiece decodePiece(TraceId id, CodedInputStream in) throws IOException {
    int resources = in.readUInt32();
    List<ResourceSpans> resourceSpans = new ArrayList<>(resources);
    for (int r = 0; r < resources; r++) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder();
      in.readMessage(rs, ExtensionRegistryLite.getEmptyRegistry());
      resourceSpans.add(rs.build());
    }
    return EncodedPiece.of(new Trace(id, resourceSpans));
  }

  private static WalRecord decodeRequest(TenantId tenant, CodedInputStream in) throws IOException {
    int length = in.readUInt32();
    byte[] request = in.readRawBytes(length);
    int excludedCount = in.readUInt32();
    Set<TraceId> excluded = new HashSet<>();
    for (int i = 0; i < excludedCount; i++) {
      excluded.add(TraceId.of(in.readRawBytes(TraceId.LENGTH)));
    }
    if (!in.isAtEnd()) {
      throw new CorruptWalRecordException("Cannot decode WAL record: trailing bytes after the request");
    }
    List<EncodedPiece> pieces = new ArrayList<>(Distributor.encodedPieces(request));
    if (!excluded.isEmpty()) {
      pieces.removeIf(piece -> excluded.contains(piece.id()));
    }
    return new WalRecord(tenant, pieces);
  }
}
