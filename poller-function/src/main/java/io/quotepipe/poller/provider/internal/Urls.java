package io.quotepipe.poller.provider.internal;

import java.net.URI;

/** Joins a configured base URL and an API path, keeping any path prefix of the base. */
public final class Urls {

    private Urls() {
    }

    /** {@code https://h/prefix/} + {@code /coins/list} = {@code https://h/prefix/coins/list}. */
    public static URI join(URI base, String pathAndQuery) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
    }
}
