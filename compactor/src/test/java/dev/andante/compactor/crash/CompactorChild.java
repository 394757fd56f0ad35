package dev.andante.compactor.crash;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.S3Config;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * A compactor in its own process, for the kill test: {@code <store> <stagingDir> <slowMillis>},
 * where store is {@code local:<dir>} or {@code s3:<endpoint>|<bucket>|<prefix>}. Runs cycles until
 * one compacts nothing, prints SETTLED and exits 0.
 */
public final class CompactorChild {
  static final CompactorConfig CONFIG =
      CompactorConfig.DEFAULT.withCompactionWindow(Duration.ofHours(24)).withMaxInputBlocks(3);

  private CompactorChild() {}

  public static void main(String[] args) throws Exception {
    ObjectStore store = open(args[0]);
    long slow = Long.parseLong(args[2]);
    if (slow > 0) {
      store = new SlowObjectStore(store, slow);
    }
    Clock clock = Clock.fixed(TestTraces.BASE_TIME.plus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (Backend backend = new Backend(store)) {
      Compactor compactor = Compactor.builder(backend, CONFIG).clock(clock).stagingDir(Path.of(args[1])).build();
      System.out.println("STARTED");
      while (compactor.runCycle().jobs() > 0) {
        System.out.println("CYCLE " + compactor.stats());
      }
      System.out.println("SETTLED " + compactor.stats());
    }
  }

  static ObjectStore open(String spec) {
    if (spec.startsWith("local:")) {
      return new LocalObjectStore(Path.of(spec.substring("local:".length())));
    }
    String[] s3 = spec.substring("s3:".length()).split("\\|", -1);
    S3Config config = new S3Config(s3[1], s3[2], s3[0], S3Config.DEFAULT_REGION,
        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, true);
    return S3ObjectStore.create(config, S3ProxyServer.testOptions());
  }
}
