package dev.andante.blockformat.backend.local;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectKeys;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The embedded default backend: key {@code a/b/c} is the file {@code <root>/a/b/c}.
 *
 * <p>A write goes to a temp file in the target's directory, is fsynced, and is renamed over the
 * target atomically (the directory is fsynced too where the platform allows), so readers see the
 * whole object or none of it, and a crash leaves no torn object. Deleting a folder's last object
 * removes the emptied folders, so a deleted block no longer lists as a folder. Thread safe; the
 * filesystem does the locking. A key and a folder of the same name cannot coexist, unlike on S3.
 */
public final class LocalObjectStore implements ObjectStore {
  private static final int COPY_BUFFER_BYTES = 64 * 1024;
  /** How often a write retries when a concurrent delete removes its just-created folder. */
  private static final int CREATE_ATTEMPTS = 10;

  private final Path root;

  /** A store over the directory {@code root}, created if it is missing. */
  public LocalObjectStore(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("root must not be null");
    }
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new BackendException("Cannot open local storage: cannot create " + this.root + ": " + e, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public byte[] read(String key) {
    Path file = file(key);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw failure("read " + key, file, e);
    }
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    Path file = file(key);
    ObjectKeys.checkRange(offset, length);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (offset > size - length) {
        throw new BackendException(
            "Cannot read " + key + ": range " + offset + "+" + length + " ends beyond the object's " + size
                + " bytes (" + context() + ")");
      }
      ByteBuffer buffer = ByteBuffer.allocate(length);
      long position = offset;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new BackendException(
              "Cannot read " + key + ": the object shrank to " + position + " bytes while being read (" + context()
                  + ")");
        }
        position += n;
      }
      return buffer.array();
    } catch (IOException e) {
      throw failure("read " + key, file, e);
    }
  }

  @Override
  public long size(String key) {
    Path file = file(key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw notFound("read the size of " + key);
      }
      return attributes.size();
    } catch (IOException e) {
      throw failure("read the size of " + key, file, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    ObjectKeys.checkPrefix(prefix);
    // Walk only the deepest folder the prefix names whole; its last, partial segment filters.
    String folderKey = prefix.substring(0, prefix.lastIndexOf('/') + 1);
    List<String> keys = new ArrayList<>();
    try {
      collect(folderKey.isEmpty() ? root : root.resolve(folderKey), folderKey, prefix, keys);
    } catch (IOException e) {
      throw new BackendException("Cannot list " + prefix + ": " + e + " (" + context() + ")", e);
    }
    Collections.sort(keys);
    return keys;
  }

  @Override
  public List<String> listFolders(String prefix) {
    ObjectKeys.checkFolderPrefix(prefix);
    List<String> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(prefix.isEmpty() ? root : root.resolve(prefix))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!TempFiles.isTemp(name) && Files.isDirectory(entry) && containsObject(entry)) {
          folders.add(name);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw new BackendException("Cannot list folders under " + prefix + ": " + e + " (" + context() + ")", e);
    }
    Collections.sort(folders);
    return folders;
  }

  @Override
  public void write(String key, InputStream data, long length) {
    Path target = file(key);
    ObjectKeys.checkLength(length);
    Path folder = target.getParent();
    Path temp = null;
    try {
      Path firstCreated = firstMissing(folder);
      temp = createTemp(folder);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        copy(data, length, channel, key);
        channel.force(true);
      }
      TempFiles.moveAtomically(temp, target);
      temp = null;
      syncFolders(folder, firstCreated);
    } catch (IOException e) {
      throw new BackendException("Cannot write " + key + ": " + e + " (" + context() + ")", e);
    } finally {
      if (temp != null) {
        TempFiles.deleteQuietly(temp);
      }
    }
  }

  @Override
  public void delete(String key) {
    Path file = file(key);
    try {
      Files.deleteIfExists(file);
    } catch (DirectoryNotEmptyException | NotDirectoryException e) {
      return; // A folder, or under an object: either way no object of that key.
    } catch (IOException e) {
      throw new BackendException("Cannot delete " + key + ": " + e + " (" + context() + ")", e);
    }
    removeEmptyFolders(file.getParent());
  }

  /** Checks that the root is a writable directory, by writing and removing a probe file. */
  @Override
  public void verify() {
    if (!Files.isDirectory(root)) {
      throw new BackendException("Cannot use local storage: " + root + " is not a directory");
    }
    try {
      Path probe = TempFiles.create(root);
      Files.delete(probe);
    } catch (IOException e) {
      throw new BackendException("Cannot use local storage: cannot write to " + root + ": " + e, e);
    }
  }

  private Path file(String key) {
    return root.resolve(ObjectKeys.checkKey(key));
  }

  private String context() {
    return "local " + root;
  }

  private NotFoundException notFound(String action) {
    return new NotFoundException("Cannot " + action + ": no such object (" + context() + ")");
  }

  private BackendException failure(String action, Path file, IOException e) {
    if (e instanceof NoSuchFileException || e instanceof NotDirectoryException || Files.isDirectory(file)) {
      return notFound(action);
    }
    return new BackendException("Cannot " + action + ": " + e + " (" + context() + ")", e);
  }

  private void collect(Path folder, String folderKey, String prefix, List<String> keys) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (TempFiles.isTemp(name)) {
          continue;
        }
        String key = folderKey + name;
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // Deleted while we listed.
        }
        if (attributes.isDirectory()) {
          if ((key + "/").startsWith(prefix)) {
            collect(entry, key + "/", prefix, keys);
          }
        } else if (key.startsWith(prefix)) {
          keys.add(key);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // No such folder (or removed while we listed): nothing under it.
    }
  }

  private static boolean containsObject(Path folder) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (TempFiles.isTemp(entry.getFileName().toString())) {
          continue;
        }
        if (!Files.isDirectory(entry) || containsObject(entry)) {
          return true;
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return false;
    }
    return false;
  }

  private Path createTemp(Path folder) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(folder);
        return TempFiles.create(folder);
      } catch (NoSuchFileException e) {
        // A concurrent delete removed the folder we just created; create it again.
        if (attempt == CREATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void copy(InputStream data, long length, FileChannel channel, String key) throws IOException {
    byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, length))];
    long copied = 0;
    while (copied < length) {
      int n = data.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
      if (n < 0) {
        throw new IOException("the data ended after " + copied + " of " + length + " bytes");
      }
      ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
      while (chunk.hasRemaining()) {
        channel.write(chunk);
      }
      copied += n;
    }
  }

  /** The outermost folder of {@code folder}'s ancestry that does not exist yet, or null. */
  private Path firstMissing(Path folder) {
    Path missing = null;
    for (Path f = folder; f != null && !f.equals(root) && !Files.isDirectory(f); f = f.getParent()) {
      missing = f;
    }
    return missing;
  }

  /** Makes the new entry in {@code folder}, and any folders created for it, durable. */
  private void syncFolders(Path folder, Path firstCreated) {
    TempFiles.syncDirectory(folder);
    if (firstCreated != null) {
      for (Path f = folder.getParent(); f != null && f.startsWith(firstCreated.getParent()); f = f.getParent()) {
        TempFiles.syncDirectory(f);
        if (f.equals(firstCreated.getParent())) {
          break;
        }
      }
    }
  }

  private void removeEmptyFolders(Path folder) {
    for (Path f = folder; f != null && !f.equals(root) && f.startsWith(root); f = f.getParent()) {
      try {
        Files.delete(f);
      } catch (NoSuchFileException e) {
        // Removed by a concurrent delete; its parent may be empty now too.
      } catch (IOException e) {
        return; // Not empty (or not ours to remove): stop here.
      }
    }
  }
}
