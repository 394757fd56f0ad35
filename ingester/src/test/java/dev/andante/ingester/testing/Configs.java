package dev.andante.ingester.testing;

import dev.andante.ingester.IngesterConfig;
import java.time.Duration;

/** Ingester configs for tests: receivers on 127.0.0.1, ephemeral ports. */
public final class Configs {
  private Configs() {}

  public static IngesterConfig ephemeral(boolean multitenancy, int maxRequestBytes) {
    IngesterConfig d = IngesterConfig.DEFAULT;
    return new IngesterConfig(
        "127.0.0.1:0", "127.0.0.1:0", multitenancy, d.traceIdlePeriod(), d.maxBlockDuration(),
        d.maxBlockBytes(), d.completeBlockTimeout(), d.flushCheckPeriod(), maxRequestBytes);
  }

  public static IngesterConfig timing(Duration idle, Duration maxBlockDuration, Duration completeBlockTimeout, Duration check) {
    IngesterConfig d = IngesterConfig.DEFAULT;
    return new IngesterConfig(
        "127.0.0.1:0", "127.0.0.1:0", false, idle, maxBlockDuration, d.maxBlockBytes(),
        completeBlockTimeout, check, d.maxRequestBytes());
  }
}
