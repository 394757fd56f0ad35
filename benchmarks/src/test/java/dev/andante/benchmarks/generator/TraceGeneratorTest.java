package dev.andante.benchmarks.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceGeneratorTest {
  @Test
  void everySeedGivesTracesWithServiceResources() {
    for (long seed = 0; seed < 200; seed++) {
      List<ResourceSpans> trace = new TraceGenerator(seed).next(1_700_000_000_000_000_000L);
      assertThat(trace).as("seed %d", seed).isNotEmpty();
      assertThat(trace.get(0).getResource().getAttributesList())
          .anySatisfy(kv -> assertThat(kv.getKey()).isEqualTo("host.name"));
    }
  }

  @Test
  void aSeedRepeatsItsTraces() {
    assertThat(new TraceGenerator(42).next(1L)).isEqualTo(new TraceGenerator(42).next(1L));
  }
}
