package dev.andante.benchmarks.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  @Test
  void defaultsMeasureTenAndHundredBlocksOnS3AndLocal() {
    BenchmarkOptions options = BenchmarkOptions.parse(new String[0]);

    assertThat(options.blockCounts()).containsExactly(10, 100);
    assertThat(options.backends()).containsExactly("s3", "local");
    assertThat(options.out().getFileName()).hasToString("s3-trace-by-id.md");
  }

  @Test
  void parsesEveryOption() {
    BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
        "--blocks", "2,4", "--traces-per-block", "500", "--found", "20", "--missing", "10", "--out-of-range", "5",
        "--cold-lookups", "7", "--seed", "3", "--backends", "local", "--row-group-bytes", "262144", "--out", "/tmp/x.md"});

    assertThat(options).isEqualTo(new BenchmarkOptions(
        List.of(2, 4), 500, 20, 10, 5, 7, 3, List.of("local"), 262_144, Path.of("/tmp/x.md")));
  }

  @Test
  void refusesWhatWouldMeasureNothing() {
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--blocks", "10,5"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--blocks must increase");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--backends", "gcs"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gcs'");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--found"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--found needs a value");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--fast", "1"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --fast");
  }
}
