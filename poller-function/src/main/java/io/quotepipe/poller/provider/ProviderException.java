package io.quotepipe.poller.provider;

/** A provider could not deliver a poll; the poller fails over to the next one. */
public class ProviderException extends Exception {

    private final String provider;

    public ProviderException(String provider, String message, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
