package dev.andante.blockformat.backend;

import java.nio.charset.StandardCharsets;

/**
 * Checks of object keys and prefixes, shared by every backend so that they all accept and refuse
 * the same keys. Tenant IDs become key segments, so a key must never escape its backend's root: no
 * "." or ".." segments, no leading '/', no empty segments, no backslashes or control characters.
 */
public final class ObjectKeys {
  /** S3's limit on key length, applied everywhere so that a key valid locally is valid on S3. */
  public static final int MAX_KEY_BYTES = 1024;

  /**
   * Segments starting with this are the local backend's partial writes; no key may use them, so a
   * partial write can never be mistaken for an object.
   */
  public static final String RESERVED_SEGMENT_PREFIX = ".andante-tmp-";

  private ObjectKeys() {}

  /** Returns {@code key} if it is a valid object key, else throws naming what is wrong. */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (key.endsWith("/")) {
      throw new IllegalArgumentException("key must not end with '/': '" + key + "'");
    }
    checkPath(key, "key");
    return key;
  }

  /**
   * Returns {@code prefix} if it is a valid list prefix: empty, or a key's beginning (the last
   * segment may be partial, or empty when the prefix ends with '/').
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    checkPath(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, "prefix");
    return prefix;
  }

  /** Returns {@code prefix} if it is a valid folder prefix: empty, or ending with '/'. */
  public static String checkFolderPrefix(String prefix) {
    checkPrefix(prefix);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must be empty or end with '/': '" + prefix + "'");
    }
    return prefix;
  }

  private static void checkPath(String path, String what) {
    if (path.isEmpty() || path.startsWith("/")) {
      throw new IllegalArgumentException(what + " must be a relative path: '" + path + "'");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(what + " is longer than " + MAX_KEY_BYTES + " bytes");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " contains a backslash or control character at position " + i + ": '" + path + "'");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException(what + " has an empty segment: '" + path + "'");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(what + " must not contain '" + segment + "' segments: '" + path + "'");
      }
      if (segment.startsWith(RESERVED_SEGMENT_PREFIX)) {
        throw new IllegalArgumentException(
            what + " must not contain segments starting with " + RESERVED_SEGMENT_PREFIX + ": '" + path + "'");
      }
    }
  }

  /** Checks the arguments of {@link ObjectStore#readRange}. */
  public static void checkRange(long offset, int length) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, got " + length);
    }
  }

  /** Checks the length argument of {@link ObjectStore#write(String, java.io.InputStream, long)}. */
  public static void checkLength(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, got " + length);
    }
  }
}
