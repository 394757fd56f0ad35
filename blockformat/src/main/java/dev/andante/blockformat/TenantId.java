package dev.andante.blockformat;

import java.util.regex.Pattern;

/**
 * A tenant, as named by the {@code X-Scope-OrgID} header. It becomes a key prefix on the object
 * store, so only 1–150 of {@code [A-Za-z0-9!_.*'()-]} are allowed, and never "." or "..".
 */
public record TenantId(String value) {
  // Before SINGLE_TENANT: static fields initialise in order, and its constructor needs this.
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9!_.*'()\\-]+");
  public static final String HEADER = "X-Scope-OrgID";
  public static final TenantId SINGLE_TENANT = new TenantId("single-tenant");
  public static final int MAX_LENGTH = 150;

  public TenantId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("tenant ID is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "tenant ID is " + value.length() + " characters long, at most " + MAX_LENGTH + " are allowed");
    }
    if (value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException("tenant ID must not be '" + value + "'");
    }
    if (!ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant ID '" + value + "' may contain only letters, digits and !_.*'()-");
    }
  }

  /**
   * The tenant of a request: from its {@code X-Scope-OrgID} header when multitenancy is on (the
   * header is then required), otherwise always {@link #SINGLE_TENANT}.
   *
   * @throws IllegalArgumentException when multitenancy is on and the header is missing or invalid
   */
  public static TenantId fromHeader(String headerValue, boolean multitenancyEnabled) {
    if (!multitenancyEnabled) {
      return SINGLE_TENANT;
    }
    if (headerValue == null || headerValue.isBlank()) {
      throw new IllegalArgumentException("no tenant ID: the " + HEADER + " header is required");
    }
    return new TenantId(headerValue.trim());
  }

  @Override
  public String toString() {
    return value;
  }
}
