package dev.hookline.core.access;

/** Port: the operator's credential (the admin key), checked without telling anything about it. */
public interface AdminCredential {
    /** True only for the exact key, compared in constant time; false for null or empty. */
    boolean matches(String presented);
}
