package dev.andante.blockformat.encoding;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/** A minimal in-memory object store for this package's tests. */
public final class HeapObjectStore implements ObjectStore {
  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  @Override
  public byte[] read(String key) {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new NotFoundException("Cannot read " + key + ": no such object");
    }
    return bytes.clone();
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new NotFoundException("Cannot read " + key + ": no such object");
    }
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new BackendException("Cannot read " + key + ": range " + offset + "+" + length + " beyond " + bytes.length);
    }
    return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
  }

  @Override
  public long size(String key) {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new NotFoundException("Cannot size " + key + ": no such object");
    }
    return bytes.length;
  }

  @Override
  public List<String> list(String prefix) {
    return new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
  }

  @Override
  public List<String> listFolders(String prefix) {
    TreeSet<String> folders = new TreeSet<>();
    for (String key : list(prefix)) {
      int slash = key.indexOf('/', prefix.length());
      if (slash > 0) {
        folders.add(key.substring(prefix.length(), slash));
      }
    }
    return new ArrayList<>(folders);
  }

  @Override
  public void write(String key, InputStream data, long length) {
    try {
      byte[] bytes = data.readAllBytes();
      if (bytes.length != length) {
        throw new BackendException("Cannot write " + key + ": got " + bytes.length + " bytes, expected " + length);
      }
      objects.put(key, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  /** Replaces the object's bytes, for corruption tests. */
  public void overwrite(String key, byte[] bytes) {
    objects.put(key, bytes.clone());
  }
}
