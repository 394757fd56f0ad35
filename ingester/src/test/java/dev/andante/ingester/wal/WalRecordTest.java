package dev.andante.ingester.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.distributor.EncodedPiece;
import dev.andante.ingester.testing.Spans;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WalRecordTest {
  private final TestTraces traces = new TestTraces(7);

  @Test
  void roundTripsTenantAndPiecesExactly() {
    List<Trace> pieces = List.of(traces.trace(3), traces.trace(12), traces.trace(1));
    WalRecord record = WalRecord.of(new TenantId("acme"), pieces);

    WalRecord decoded = WalRecord.decode(record.encode());

    assertThat(decoded.tenant()).isEqualTo(new TenantId("acme"));
    assertThat(decoded.pieces()).isEqualTo(pieces);
  }

  @Test
  void aRequestRecordReplaysIntoThePiecesTheDistributorMadeLessTheRefusedTraces() {
    Trace kept = traces.trace(4);
    Trace refused = traces.trace(2);
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addAllResourceSpans(kept.resourceSpans())
            .addAllResourceSpans(refused.resourceSpans())
            .addResourceSpans(Spans.resourceSpans("svc", Spans.span(Spans.id(8, 1), Spans.id(8, 2), "invalid trace id")))
            .build();

    WalRecord decoded =
        WalRecord.decode(WalRecord.encodeRequest(new TenantId("acme"), request.toByteArray(), Set.of(refused.id())));

    assertThat(decoded.tenant()).isEqualTo(new TenantId("acme"));
    assertThat(decoded.pieces()).extracting(Trace::id).containsExactly(kept.id());
    assertThat(decoded.pieces().get(0).spanCount()).isEqualTo(4);
    assertThat(decoded.pieces()).isEqualTo(Distributor.pieces(request).subList(0, 1));
  }

  @Test
  void piecesSplitFromARequestRoundTripAsTheirBytes() {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addAllResourceSpans(traces.trace(5).resourceSpans())
            .addAllResourceSpans(traces.trace(6).resourceSpans())
            .build();
    List<EncodedPiece> split = Distributor.encodedPieces(request.toByteArray());

    WalRecord decoded = WalRecord.decode(new WalRecord(new TenantId("acme"), split).encode());

    assertThat(decoded.encodedPieces()).isEqualTo(split);
    assertThat(decoded.pieces()).isEqualTo(Distributor.pieces(request));
  }

  @Test
  void readsThePieceLayoutOfEarlierBuilds() throws Exception {
    Trace trace = traces.trace(8);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
    out.writeRawByte(WalRecord.PIECES);
    out.writeStringNoTag("acme");
    out.writeUInt32NoTag(1);
    out.writeRawBytes(trace.id().bytes());
    out.writeUInt32NoTag(trace.resourceSpans().size());
    for (var rs : trace.resourceSpans()) {
      out.writeMessageNoTag(rs);
    }
    out.flush();

    WalRecord decoded = WalRecord.decode(bytes.toByteArray());

    assertThat(decoded.pieces()).containsExactly(trace);
  }

  @Test
  void anEmptyPushRoundTrips() {
    WalRecord decoded = WalRecord.decode(WalRecord.of(TenantId.SINGLE_TENANT, List.of()).encode());
    assertThat(decoded.pieces()).isEmpty();
  }

  @Test
  void refusesAnUnknownVersionAndTruncatedBytesSayingWhy() {
    byte[] bytes = WalRecord.of(TenantId.SINGLE_TENANT, List.of(traces.trace(2))).encode();
    byte[] future = bytes.clone();
    future[0] = 9;
    assertThatThrownBy(() -> WalRecord.decode(future)).isInstanceOf(CorruptWalRecordException.class).hasMessageContaining("unknown version 9");
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
    assertThatThrownBy(() -> WalRecord.decode(cut)).isInstanceOf(CorruptWalRecordException.class).hasMessageContaining("Cannot decode WAL record");
  }
}
