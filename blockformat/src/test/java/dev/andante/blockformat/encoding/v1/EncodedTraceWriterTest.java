package dev.andante.blockformat.encoding.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.encoding.HeapObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces added as protobuf bytes make the same block as the same traces added decoded. */
class EncodedTraceWriterTest {
  private static final TenantId TENANT = new TenantId("tenant-a");
  private static final BlockConfig SMALL_GROUPS = new BlockConfig(0.01, 1024, 64 * 1024);
  private static final UUID BLOCK = UUID.fromString("00000000-0000-0000-0000-000000000001");

  @TempDir Path staging;
  private HeapObjectStore heap;
  private Backend backend;

  @BeforeEach
  void setUp() {
    heap = new HeapObjectStore();
    backend = new Backend(heap);
  }

  @Test
  void encodedTracesWriteTheSameDataFileAsDecodedOnes() {
    List<Trace> traces = new TestTraces(21).sorted(300, 10);
    byte[] decoded = dataFile(traces, false);
    backend.deleteBlock(TENANT, BLOCK);
    byte[] encoded = dataFile(traces, true);

    assertThat(encoded).isEqualTo(decoded);
  }

  @Test
  void everyOtlpFieldSurvivesTheEncodedPath() {
    Trace trace = everyField(TraceId.of(1, 2));
    BlockMeta meta = write(List.of(trace), true);

    Trace found = Encodings.open(backend, meta).find(trace.id()).orElseThrow();
    assertThat(TraceNormalizer.normalize(found)).isEqualTo(TraceNormalizer.normalize(trace));
    assertThat(meta.spans()).isEqualTo(2);
  }

  @Test
  void fieldsOutOfOrderAndMessagesSplitOnTheWireMergeAsProtobufDoes() throws IOException {
    Trace trace = everyField(TraceId.of(1, 3));
    ResourceSpans rs = trace.resourceSpans().get(0);
    // The ResourceSpans with its scope_spans first, then its resource in two halves, then the
    // root span's status in two halves (message, then code).
    Resource resource = rs.getResource();
    Resource first = resource.toBuilder().clearAttributes().addAttributes(resource.getAttributes(0)).build();
    Resource second = Resource.newBuilder().addAllAttributes(resource.getAttributesList().subList(1, resource.getAttributesCount())).build();
    ByteArrayOutputStream rsBytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(rsBytes);
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      out.writeMessage(2, ss);
    }
    out.writeMessage(1, first);
    out.writeString(3, rs.getSchemaUrl());
    out.writeMessage(1, second);
    out.flush();
    ByteArrayOutputStream td = new ByteArrayOutputStream();
    CodedOutputStream tdOut = CodedOutputStream.newInstance(td);
    tdOut.writeByteArray(1, rsBytes.toByteArray());
    tdOut.flush();
    byte[] bytes = td.toByteArray();
    Trace expected = new Trace(trace.id(), TracesData.parseFrom(bytes).getResourceSpansList());

    BlockMeta meta = write(List.of(expected), false);
    Trace viaDecoded = Encodings.open(backend, meta).find(trace.id()).orElseThrow();
    backend.deleteBlock(TENANT, BLOCK);
    BlockMeta encodedMeta = writeBytes(trace.id(), bytes);
    Trace viaEncoded = Encodings.open(backend, encodedMeta).find(trace.id()).orElseThrow();

    assertThat(TraceNormalizer.normalize(viaEncoded)).isEqualTo(TraceNormalizer.normalize(viaDecoded));
    assertThat(TraceNormalizer.normalize(viaEncoded)).isEqualTo(TraceNormalizer.normalize(expected));
    assertThat(encodedMeta).usingRecursiveComparison().ignoringFields("size").isEqualTo(meta);
  }

  @Test
  void bytesThatAreNotATracesDataAreRefusedAndLeaveTheBlockUsable() {
    Trace trace = new TestTraces(22).trace(4);
    try (BlockBuilder builder = newBlock(1)) {
      assertThatThrownBy(() -> builder.add(TraceId.of(0, 1), new byte[] {0x0a, 0x7f, 0x01}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Cannot add trace")
          .hasMessageContaining("runs past");
      builder.add(trace.id(), toBytes(trace));
      assertThat(builder.complete().totalObjects()).isEqualTo(1);
    }
  }

  @Test
  void encodedTracesMustStrictlyIncreaseToo() {
    List<Trace> traces = new TestTraces(23).sorted(2, 2);
    try (BlockBuilder builder = newBlock(2)) {
      builder.add(traces.get(1).id(), toBytes(traces.get(1)));
      assertThatThrownBy(() -> builder.add(traces.get(0).id(), toBytes(traces.get(0))))
          .hasMessageContaining("must strictly increase");
    }
  }

  private static Trace everyField(TraceId id) {
    ByteString traceId = ByteString.copyFrom(id.bytes());
    KeyValue array =
        KeyValue.newBuilder()
            .setKey("tags")
            .setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("a"))))
            .build();
    Resource resource =
        Resource.newBuilder()
            .addAttributes(kv("service.name", "checkout"))
            .addAttributes(kv("k8s.pod.name", "checkout-1"))
            .addAttributes(KeyValue.newBuilder().setKey("k8s.namespace.name").setValue(AnyValue.newBuilder().setIntValue(4)))
            .addAttributes(kv("k8s.namespace.name", "shop"))
            .addAttributes(kv("host.name", "node-7"))
            .addAttributes(array)
            .addAttributes(KeyValue.newBuilder().setKey("no.value"))
            .setDroppedAttributesCount(3)
            .addEntityRefs(EntityRef.newBuilder().setType("service").addIdKeys("service.name"))
            .build();
    Span root =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .setName("POST /checkout")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(1_000_000_000L)
            .setEndTimeUnixNano(1_500_000_000L)
            .setTraceState("vendor=1")
            .setFlags(0x301)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .addAttributes(kv("http.request.method", "POST"))
            .addAttributes(kv("http.response.status_code", "500"))
            .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code").setValue(AnyValue.newBuilder().setIntValue(500)))
            .addAttributes(kv("http.route", "/checkout"))
            .addAttributes(KeyValue.newBuilder().setKey("ratio").setValue(AnyValue.newBuilder().setDoubleValue(0.25)))
            .addAttributes(KeyValue.newBuilder().setKey("sampled").setValue(AnyValue.newBuilder().setBoolValue(true)))
            .addAttributes(KeyValue.newBuilder().setKey("blob").setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("xyz"))))
            .setDroppedAttributesCount(1)
            .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(1_200_000_000L).addAttributes(kv("exception.type", "E")))
            .setDroppedEventsCount(2)
            .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])))
            .setDroppedLinksCount(5)
            .build();
    Span child =
        Span.newBuilder()
            .setTraceId(traceId)
            .setSpanId(ByteString.copyFrom(new byte[] {9, 2, 3, 4, 5, 6, 7, 8}))
            .setParentSpanId(root.getSpanId())
            .setName("SELECT orders")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(1_100_000_000L)
            .setEndTimeUnixNano(1_600_000_000L)
            .addAttributes(kv("db.system", "postgresql"))
            .addAttributes(kv("db.system", "mysql"))
            .build();
    ScopeSpans scope =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.jdbc").setVersion("2.1").addAttributes(kv("scope.attr", "x")).setDroppedAttributesCount(1))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
            .addSpans(child)
            .addSpans(root)
            .build();
    ScopeSpans bare = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bare")).build();
    ResourceSpans rs =
        ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope).addScopeSpans(bare).setSchemaUrl("https://opentelemetry.io/schemas/1.25.0").build();
    return new Trace(id, List.of(rs, ResourceSpans.newBuilder().build()));
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static byte[] toBytes(Trace trace) {
    return TracesData.newBuilder().addAllResourceSpans(trace.resourceSpans()).build().toByteArray();
  }

  private BlockBuilder newBlock(int traces) {
    return Encodings.current().newBlock(backend, TENANT, BLOCK, 0, traces, SMALL_GROUPS, staging);
  }

  private BlockMeta write(List<Trace> traces, boolean encoded) {
    try (BlockBuilder builder = newBlock(traces.size())) {
      for (Trace trace : traces) {
        if (encoded) {
          builder.add(trace.id(), toBytes(trace));
        } else {
          builder.add(trace);
        }
      }
      return builder.complete();
    }
  }

  private BlockMeta writeBytes(TraceId id, byte[] bytes) {
    try (BlockBuilder builder = newBlock(1)) {
      builder.add(id, bytes);
      return builder.complete();
    }
  }

  private byte[] dataFile(List<Trace> traces, boolean encoded) {
    BlockMeta meta = write(traces, encoded);
    BlockReader reader = Encodings.open(backend, meta);
    for (Trace trace : traces.subList(0, 20)) {
      assertThat(TraceNormalizer.normalize(reader.find(trace.id()).orElseThrow())).isEqualTo(TraceNormalizer.normalize(trace));
    }
    return heap.read(BlockKeys.key(TENANT, BLOCK, BlockKeys.DATA));
  }
}
