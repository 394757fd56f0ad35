package dev.andante.blockformat.backend.memory;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectKeys;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An object store in the heap, for tests. Thread safe; keys are kept sorted, so listing is cheap.
 * Objects are copied in and out, so callers cannot change what is stored.
 */
public final class MemoryObjectStore implements ObjectStore {
  private static final int MAX_OBJECT_BYTES = Integer.MAX_VALUE - 8;

  private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  @Override
  public byte[] read(String key) {
    return object(ObjectKeys.checkKey(key), "read").clone();
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    ObjectKeys.checkKey(key);
    ObjectKeys.checkRange(offset, length);
    byte[] object = object(key, "read");
    if (offset > object.length - length) {
      throw new BackendException(
          "Cannot read " + key + ": range " + offset + "+" + length + " ends beyond the object's "
              + object.length + " bytes (memory)");
    }
    return Arrays.copyOfRange(object, (int) offset, (int) offset + length);
  }

  @Override
  public long size(String key) {
    return object(ObjectKeys.checkKey(key), "read the size of").length;
  }

  @Override
  public List<String> list(String prefix) {
    ObjectKeys.checkPrefix(prefix);
    return new ArrayList<>(keysUnder(prefix));
  }

  @Override
  public List<String> listFolders(String prefix) {
    ObjectKeys.checkFolderPrefix(prefix);
    List<String> folders = new ArrayList<>();
    for (String key : keysUnder(prefix)) {
      int slash = key.indexOf('/', prefix.length());
      if (slash < 0) {
        continue;
      }
      String folder = key.substring(prefix.length(), slash);
      if (folders.isEmpty() || !folders.get(folders.size() - 1).equals(folder)) {
        folders.add(folder);
      }
    }
    return folders;
  }

  @Override
  public void write(String key, InputStream data, long length) {
    ObjectKeys.checkKey(key);
    ObjectKeys.checkLength(length);
    if (length > MAX_OBJECT_BYTES) {
      throw new BackendException("Cannot write " + key + ": " + length + " bytes do not fit in memory (memory)");
    }
    byte[] bytes;
    try {
      bytes = data.readNBytes((int) length);
    } catch (IOException e) {
      throw new BackendException("Cannot write " + key + ": cannot read the data: " + e.getMessage() + " (memory)", e);
    }
    if (bytes.length != length) {
      throw new BackendException(
          "Cannot write " + key + ": the data ended after " + bytes.length + " of " + length + " bytes (memory)");
    }
    objects.put(key, bytes);
  }

  @Override
  public void delete(String key) {
    objects.remove(ObjectKeys.checkKey(key));
  }

  private byte[] object(String key, String verb) {
    byte[] object = objects.get(key);
    if (object == null) {
      throw new NotFoundException("Cannot " + verb + " " + key + ": no such object (memory)");
    }
    return object;
  }

  private Collection<String> keysUnder(String prefix) {
    if (prefix.isEmpty()) {
      return objects.keySet();
    }
    // Every key starting with prefix sorts before prefix + U+FFFF.
    return objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet();
  }
}
