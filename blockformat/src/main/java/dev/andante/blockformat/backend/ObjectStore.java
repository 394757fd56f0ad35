package dev.andante.blockformat.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The raw, key-addressed layer of object storage. Keys are '/'-separated relative paths such as
 * {@code single-tenant/<blockID>/meta.json}; a backend maps them onto its namespace (a directory,
 * a bucket and prefix).
 *
 * <p>Implementations are thread safe and blocking: callers on an event loop must move calls onto a
 * worker thread. Nothing here is cached. Failures surface as {@link BackendException}, and an absent
 * key as {@link NotFoundException}, translated once inside the backend.
 */
public interface ObjectStore extends AutoCloseable {

  /** The whole object. For small objects (metas, blooms, indexes); use {@link #readRange} for data. */
  byte[] read(String key);

  /**
   * {@code length} bytes from {@code offset}. Fails with {@link BackendException} if the object is
   * shorter than {@code offset + length}.
   */
  byte[] readRange(String key, long offset, int length);

  /** The object's size in bytes. */
  long size(String key);

  /** Every key that starts with {@code prefix}, in lexical order. */
  List<String> list(String prefix);

  /**
   * The names of the immediate "folders" under {@code prefix} (which is empty or ends with '/'):
   * for keys {@code a/b/c} and {@code a/d} under {@code a/}, that is {@code [b]}. Lexical order.
   */
  List<String> listFolders(String prefix);

  /**
   * Streams {@code length} bytes from {@code data} to {@code key}, replacing any object there. The
   * object becomes visible whole or not at all. Large objects are never held whole in memory.
   */
  void write(String key, InputStream data, long length);

  default void write(String key, byte[] data) {
    write(key, new java.io.ByteArrayInputStream(data), data.length);
  }

  default void write(String key, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      write(key, in, Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + key + ": cannot read " + file, e);
    }
  }

  /** Removes {@code key}. Removing an absent key is not an error. */
  void delete(String key);

  /**
   * Checks, at start-up, that the store can be used (its directory is writable, its bucket exists
   * and the credentials are accepted, its endpoint answers). Fails with a {@link BackendException}
   * whose message names the cause. The default does nothing.
   */
  default void verify() {}

  @Override
  default void close() {}
}
