package io.quotepipe.local.internal;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An SDK HTTP client whose connection failures reach the SDK's retries. The URL-connection client wraps an
 * {@link IOException} met while opening a request's streams (a kept-alive connection the server has closed:
 * "Unexpected end of file from server") in an {@link UncheckedIOException}, which the SDK does not retry
 * (aws/aws-sdk-java-v2#7347, fixed in versions newer than ours). This unwraps it, so that the SDK retries the call
 * on a new connection as it retries any other I/O failure.
 */
final class RetryableHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;

    RetryableHttpClient(SdkHttpClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
