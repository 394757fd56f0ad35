package dev.andante.benchmarks.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap figures from a unified GC log ({@code -Xlog:gc}): lines like
 * {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 412M->98M(1024M) 4.2ms}. The largest
 * "before" is the heap the process filled; the largest "after" the most it kept live.
 */
record GcLog(int collections, long maxBeforeMb, long maxAfterMb, long committedMb) {
  private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  static GcLog parse(String log) {
    Matcher m = PAUSE.matcher(log);
    int n = 0;
    long before = 0;
    long after = 0;
    long committed = 0;
    while (m.find()) {
      n++;
      before = Math.max(before, Long.parseLong(m.group(1)));
      after = Math.max(after, Long.parseLong(m.group(2)));
      committed = Math.max(committed, Long.parseLong(m.group(3)));
    }
    return new GcLog(n, before, after, committed);
  }
}
