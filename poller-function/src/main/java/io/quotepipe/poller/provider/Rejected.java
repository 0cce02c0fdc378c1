package io.quotepipe.poller.provider;

/**
 * One element of a provider's answer that did not become a quote, or a quote that failed validation.
 *
 * @param symbol the coin code as the provider sent it, or {@code (no code)}
 * @param reason what is wrong, e.g. {@code rate="abc" is not a number}
 */
public record Rejected(String symbol, String reason) {

    /** Placeholder symbol of an element without a usable code. */
    public static final String NO_CODE = "(no code)";
}
