package dev.andante.querier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.blockformat.trace.Trace;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.testing.MemoryRecentTraces;
import dev.andante.querier.testing.TestBlocks;
import dev.andante.querier.tracebyid.TraceByIdService;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Realistic traces (every attribute value type, events, links) written as v1 blocks, read back
 * through the HTTP API in all four shapes, and compared with what was written.
 */
class TraceRoundTripTest {
  private static final TenantId TENANT = TenantId.SINGLE_TENANT;

  @TempDir static Path staging;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Vertx vertx;
  private static TraceByIdService traces;
  private static QuerierServer server;
  private static final List<Trace> inBlocks = new ArrayList<>();
  private static Trace split;

  @BeforeAll
  static void start() throws Exception {
    TestTraces generator = new TestTraces(42);
    TestBlocks blocks = new TestBlocks(staging);
    for (int b = 0; b < 3; b++) {
      List<Trace> batch = generator.sorted(40, 12);
      blocks.write(TENANT, batch.toArray(Trace[]::new));
      inBlocks.addAll(batch.subList(0, 4));
    }
    // One trace spread over two blocks and the recent source, each part repeating some spans.
    split = generator.trace(30);
    List<Trace> parts = splitInto(split, 3);
    blocks.write(TENANT, parts.get(0));
    blocks.write(TENANT, parts.get(1));
    MemoryRecentTraces recent = new MemoryRecentTraces().put(TENANT, parts.get(2));

    QuerierConfig config = new QuerierConfig("127.0.0.1", 0, false, Duration.ofSeconds(10), 4);
    traces = new TraceByIdService(config, blocks.blocklist, blocks.readers, recent);
    vertx = Vertx.vertx();
    server = new QuerierServer(vertx, config, traces, ReadinessCheck.READY);
    server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    traces.close();
  }

  /** Part i holds the spans whose index mod n is i, and also those whose index mod n is i + 1. */
  private static List<Trace> splitInto(Trace trace, int n) {
    List<Trace> parts = new ArrayList<>();
    for (int part = 0; part < n; part++) {
      List<ResourceSpans> batches = new ArrayList<>();
      int index = 0;
      for (ResourceSpans rs : trace.resourceSpans()) {
        ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
          for (var span : ss.getSpansList()) {
            int owner = index++ % n;
            if (owner == part || owner == (part + 1) % n) {
              sb.addSpans(span);
            }
          }
          if (sb.getSpansCount() > 0) {
            b.addScopeSpans(sb);
          }
        }
        if (b.getScopeSpansCount() > 0) {
          batches.add(b.build());
        }
      }
      parts.add(new Trace(trace.id(), batches));
    }
    return parts;
  }

  private static HttpResponse<byte[]> get(String path, boolean protobuf) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (protobuf) {
      request.header("Accept", "application/protobuf");
    }
    HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return response;
  }

  private static List<ResourceSpans> v1Json(Trace t) throws Exception {
    JsonObject json = new JsonObject(new String(get("/api/traces/" + t.id().toHex(), false).body(), StandardCharsets.UTF_8));
    return OtlpJson.parseTracesData(new JsonObject().put("resourceSpans", json.getJsonArray("batches")).encode())
        .getResourceSpansList();
  }

  private static List<ResourceSpans> v1Protobuf(Trace t) throws Exception {
    return TracesData.parseFrom(get("/api/traces/" + t.id().toHex(), true).body()).getResourceSpansList();
  }

  private static List<ResourceSpans> v2Json(Trace t) throws Exception {
    JsonObject json = new JsonObject(new String(get("/api/v2/traces/" + t.id().toHex(), false).body(), StandardCharsets.UTF_8));
    return OtlpJson.parseTracesData(json.getJsonObject("trace").encode()).getResourceSpansList();
  }

  private static List<ResourceSpans> v2Protobuf(Trace t) throws Exception {
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(get("/api/v2/traces/" + t.id().toHex(), true).body());
    return TracesData.parseFrom(fields.getField(1).getLengthDelimitedList().get(0)).getResourceSpansList();
  }

  @Test
  void tracesFromBlocksComeBackAsWrittenInEveryShape() throws Exception {
    for (Trace t : inBlocks) {
      List<ResourceSpans> expected = TraceNormalizer.normalize(t.resourceSpans());
      assertThat(TraceNormalizer.normalize(v1Json(t))).as("v1 JSON of %s", t.id()).isEqualTo(expected);
      assertThat(TraceNormalizer.normalize(v1Protobuf(t))).as("v1 protobuf of %s", t.id()).isEqualTo(expected);
      assertThat(TraceNormalizer.normalize(v2Json(t))).as("v2 JSON of %s", t.id()).isEqualTo(expected);
      assertThat(TraceNormalizer.normalize(v2Protobuf(t))).as("v2 protobuf of %s", t.id()).isEqualTo(expected);
    }
  }

  @Test
  void traceSplitAcrossBlocksAndRecentSourceComesBackWholeWithEachSpanOnce() throws Exception {
    List<ResourceSpans> got = v1Protobuf(split);

    assertThat(new Trace(split.id(), got).spanCount()).isEqualTo(30);
    assertThat(TraceNormalizer.normalize(got)).isEqualTo(TraceNormalizer.normalize(split.resourceSpans()));
    assertThat(TraceNormalizer.normalize(v2Json(split))).isEqualTo(TraceNormalizer.normalize(split.resourceSpans()));
  }
}
