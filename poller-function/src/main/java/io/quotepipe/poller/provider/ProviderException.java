package io.quotepipe.poller.provider;

import java.util.Objects;

/**
 * A provider could not deliver a poll; the poller fails over to the next one. The message says what
 * failed and what to do; it never holds an API key (keys travel only in request headers, and
 * provider text quoted in a message is redacted first).
 */
public class ProviderException extends Exception {

    /** Why a provider failed: decides the retry (already done when this is thrown) and the alert's advice. */
    public enum Kind {
        /** 400, 401 or 403, or no key configured: retrying cannot help, someone must check the key. */
        REJECTED,
        /** 429 beyond the retries or the deadline, or the client-side call limit. */
        RATE_LIMITED,
        /** Timeouts, connection failures, 5xx after the retries, or the poll's deadline. */
        UNAVAILABLE,
        /** An answer that cannot be read: not JSON, not the documented shape, an error envelope. */
        BAD_RESPONSE,
        /** A readable answer without usable quotes: empty, or more than half of it invalid. */
        BAD_DATA
    }

    private final String provider;
    private final Kind kind;

    public ProviderException(String provider, Kind kind, String message) {
        this(provider, kind, message, null);
    }

    public ProviderException(String provider, Kind kind, String message, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public String provider() {
        return provider;
    }

    public Kind kind() {
        return kind;
    }
}
