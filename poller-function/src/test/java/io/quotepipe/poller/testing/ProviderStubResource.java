package io.quotepipe.poller.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quotepipe.poller.testing.ProviderStub.Answer;

import java.util.Map;

/**
 * Starts the {@link ProviderStub} before a {@code @QuarkusTest} app and points LiveCoinWatch and CoinCap
 * at it, with fake keys; injects the stub into the test's {@code ProviderStub} field. Answers good
 * recorded lists until a test scripts otherwise (the service schedule polls once at start).
 */
public class ProviderStubResource implements QuarkusTestResourceLifecycleManager {

    public static final String LCW_KEY = "lcw-fake-key-5e1d0c9b-8a7f-4e6d-b3c2-a1f0e9d8c7b6";
    public static final String COINCAP_KEY = "cc-fake-key-2b4d6f8a0c1e";

    private ProviderStub stub;

    @Override
    public Map<String, String> start() {
        stub = ProviderStub.start();
        answerGoodLists(stub);
        String url = stub.url().toString();
        return Map.ofEntries(
                Map.entry("quotepipe.providers", "livecoinwatch,coincap"),
                Map.entry("quotepipe.livecoinwatch.url", url),
                Map.entry("quotepipe.livecoinwatch.api-key", LCW_KEY),
                Map.entry("quotepipe.coincap.url", url),
                Map.entry("quotepipe.coincap.api-key", COINCAP_KEY),
                Map.entry("quotepipe.poller.coin-limit", "10"),
                Map.entry("quotepipe.http.max-attempts", "2"),
                Map.entry("quotepipe.http.backoff", "20ms"),
                Map.entry("quotepipe.http.max-backoff", "40ms"),
                Map.entry("quotepipe.alerts.window", "0s"),
                // service mode: polls at start, then hourly (never again during the test)
                Map.entry("quarkus.scheduler.enabled", "true"),
                Map.entry("quotepipe.poller.interval", "1h"),
                // other engineers' tests use the default 8081 on this machine
                Map.entry("quarkus.lambda.mock-event-server.test-port", "0"));
    }

    /** Good lists again; replaces each route at once, so that a poll in flight never meets a missing one. */
    public static void answerGoodLists(ProviderStub stub) {
        stub.clearRequests();
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list.json"));
        stub.on("/v3/assets", Answer.json("coincap/assets.json"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stub, new TestInjector.MatchesType(ProviderStub.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
