package dev.andante.querier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  private final MetricsRegistry registry = new MetricsRegistry();

  @Test
  void scrapesCountersWithLabelsInTextFormat() {
    Counter requests = registry.counter("http_requests_total", "Requests.", "route", "status");
    requests.inc("/api/echo", "200");
    requests.add(2, "/api/echo", "200");
    requests.inc("/x\"y", "404");

    assertThat(requests.value("/api/echo", "200")).isEqualTo(3);
    assertThat(registry.scrape())
        .contains("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n")
        .contains("http_requests_total{route=\"/api/echo\",status=\"200\"} 3\n")
        .contains("http_requests_total{route=\"/x\\\"y\",status=\"404\"} 1\n");
  }

  @Test
  void scrapesHistogramsCumulatively() {
    Histogram h = registry.histogram("blocks_per_lookup", "Blocks.", new double[] {0, 1, 4});
    h.observe(0);
    h.observe(3);
    h.observe(9);

    assertThat(registry.scrape())
        .contains("blocks_per_lookup_bucket{le=\"0\"} 1\n")
        .contains("blocks_per_lookup_bucket{le=\"1\"} 1\n")
        .contains("blocks_per_lookup_bucket{le=\"4\"} 2\n")
        .contains("blocks_per_lookup_bucket{le=\"+Inf\"} 3\n")
        .contains("blocks_per_lookup_sum 12\n")
        .contains("blocks_per_lookup_count 3\n");
  }

  @Test
  void scrapesGaugesFromTheirSupplier() {
    int[] blocks = {3};
    registry.gauge("blocklist_blocks", "Blocks.", () -> blocks[0]);
    blocks[0] = 5;

    assertThat(registry.scrape()).contains("# TYPE blocklist_blocks gauge\nblocklist_blocks 5\n");
  }

  @Test
  void returnsTheSameMetricForTheSameName() {
    assertThat(registry.counter("c_total", "C.")).isSameAs(registry.counter("c_total", "C."));
    assertThatThrownBy(() -> registry.histogram("c_total", "C.", new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered as a counter");
  }

  @Test
  void refusesBadNamesAndLabelCounts() {
    assertThatThrownBy(() -> registry.counter("bad-name", "x"))
        .hasMessageContaining("name must be a Prometheus metric name, got 'bad-name'");
    Counter c = registry.counter("ok_total", "x", "route");
    assertThatThrownBy(() -> c.inc()).hasMessageContaining("ok_total takes 1 label values [route], got 0");
  }
}
