package dev.andante.blockformat.backend.local;

import dev.andante.blockformat.backend.ObjectKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Partial writes of the local backend: temp files beside their target, named so no key can clash. */
final class TempFiles {
  private TempFiles() {}

  static boolean isTemp(String fileName) {
    return fileName.startsWith(ObjectKeys.RESERVED_SEGMENT_PREFIX);
  }

  /** A new, empty temp file in {@code folder}, which must exist. */
  static Path create(Path folder) throws IOException {
    String name = ObjectKeys.RESERVED_SEGMENT_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong());
    return Files.createFile(folder.resolve(name));
  }

  /**
   * Renames {@code temp} over {@code target}. Atomic: a reader of {@code target} sees the old object
   * or the new one, never a mix. Fails rather than fall back to a copy.
   */
  static void moveAtomically(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Best effort: a leftover temp file is never listed or read.
    }
  }

  /**
   * Makes the entries of {@code folder} durable. Not every platform can open a directory to sync
   * it (Windows cannot), which is then skipped.
   */
  static void syncDirectory(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // Unsupported here; the rename itself is still atomic.
    }
  }
}
