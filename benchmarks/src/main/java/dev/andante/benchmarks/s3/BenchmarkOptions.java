package dev.andante.benchmarks.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link TraceByIdBenchmark}, each {@code --name value}.
 *
 * @param blockCounts tenant sizes to measure at, increasing; blocks are added between them
 * @param tracesPerBlock traces in each block
 * @param found lookups of IDs that exist, sampled at random from every block
 * @param missingInRange lookups of random IDs that no block holds (inside the blocks' ID ranges)
 * @param missingOutOfRange lookups of 64-bit IDs (left-padded), below every block's minimum ID
 * @param coldLookups how many of the (shuffled) lookups also run with cold readers; cold lookups
 *     over 100 blocks send a hundred GETs each, so they are sampled more thinly
 * @param seed seeds the trace generator and the samples, so runs are comparable
 * @param backends {@code s3} (S3Proxy in process) and/or {@code local}
 * @param rowGroupBytes Parquet row-group size of the written blocks
 * @param out where the markdown report goes
 */
record BenchmarkOptions(
    List<Integer> blockCounts,
    int tracesPerBlock,
    int found,
    int missingInRange,
    int missingOutOfRange,
    int coldLookups,
    long seed,
    List<String> backends,
    long rowGroupBytes,
    Path out) {

  static final List<Integer> DEFAULT_BLOCK_COUNTS = List.of(10, 100);
  static final int DEFAULT_TRACES_PER_BLOCK = 2_000;
  static final int DEFAULT_FOUND = 200;
  static final int DEFAULT_MISSING_IN_RANGE = 200;
  static final int DEFAULT_MISSING_OUT_OF_RANGE = 50;
  static final int DEFAULT_COLD_LOOKUPS = 100;
  static final long DEFAULT_SEED = 20261121L;
  static final List<String> DEFAULT_BACKENDS = List.of("s3", "local");
  static final String REPORT_NAME = "s3-trace-by-id.md";

  BenchmarkOptions {
    if (blockCounts.isEmpty() || blockCounts.get(0) < 1) {
      throw new IllegalArgumentException("--blocks must list positive block counts, got " + blockCounts);
    }
    for (int i = 1; i < blockCounts.size(); i++) {
      if (blockCounts.get(i) <= blockCounts.get(i - 1)) {
        throw new IllegalArgumentException("--blocks must increase, got " + blockCounts);
      }
    }
    if (tracesPerBlock < 1) {
      throw new IllegalArgumentException("--traces-per-block must be positive, got " + tracesPerBlock);
    }
    if (found < 1 || missingInRange < 0 || missingOutOfRange < 0) {
      throw new IllegalArgumentException("--found must be positive and --missing/--out-of-range not negative");
    }
    if (coldLookups < 1) {
      throw new IllegalArgumentException("--cold-lookups must be positive, got " + coldLookups);
    }
    for (String backend : backends) {
      if (!backend.equals("s3") && !backend.equals("local")) {
        throw new IllegalArgumentException("--backends must list 's3' and/or 'local', got '" + backend + "'");
      }
    }
  }

  static BenchmarkOptions parse(String[] args) {
    List<Integer> blocks = DEFAULT_BLOCK_COUNTS;
    int traces = DEFAULT_TRACES_PER_BLOCK;
    int found = DEFAULT_FOUND;
    int missing = DEFAULT_MISSING_IN_RANGE;
    int outOfRange = DEFAULT_MISSING_OUT_OF_RANGE;
    int cold = DEFAULT_COLD_LOOKUPS;
    long seed = DEFAULT_SEED;
    List<String> backends = DEFAULT_BACKENDS;
    long rowGroup = dev.andante.blockformat.encoding.BlockConfig.DEFAULT_ROW_GROUP_SIZE_BYTES;
    Path out = defaultOut();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--blocks" -> blocks = ints(value);
        case "--traces-per-block" -> traces = Integer.parseInt(value);
        case "--found" -> found = Integer.parseInt(value);
        case "--missing" -> missing = Integer.parseInt(value);
        case "--out-of-range" -> outOfRange = Integer.parseInt(value);
        case "--cold-lookups" -> cold = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--backends" -> backends = List.of(value.split(","));
        case "--row-group-bytes" -> rowGroup = Long.parseLong(value);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new BenchmarkOptions(blocks, traces, found, missing, outOfRange, cold, seed, backends, rowGroup, out);
  }

  /** benchmarks/results/ when run from the repository root, results/ when run from benchmarks/. */
  private static Path defaultOut() {
    Path module = Path.of("benchmarks");
    Path results = Files.isDirectory(module) ? module.resolve("results") : Path.of("results");
    return results.resolve(REPORT_NAME);
  }

  private static List<Integer> ints(String csv) {
    List<Integer> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      values.add(Integer.parseInt(part.trim()));
    }
    return values;
  }
}
