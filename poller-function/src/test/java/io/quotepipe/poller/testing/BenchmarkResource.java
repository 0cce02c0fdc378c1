package io.quotepipe.poller.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The provider stub serving a synthetic LiveCoinWatch market of 1,000 coins, for the benchmark's Quarkus app. */
public class BenchmarkResource implements QuarkusTestResourceLifecycleManager {

    public static final int COINS = 1_000;
    private ProviderStub stub;

    @Override
    public Map<String, String> start() {
        stub = ProviderStub.start();
        stub.on("/coins/list", new SyntheticMarket(COINS)::page);
        return Map.of(
                "quotepipe.providers", "livecoinwatch",
                "quotepipe.livecoinwatch.url", stub.url().toString(),
                "quotepipe.livecoinwatch.api-key", "bench-fake-key-0000",
                "quotepipe.poller.coin-limit", Integer.toString(COINS),
                "quarkus.lambda.mock-event-server.test-port", "0",
                "quarkus.log.category.\"io.quotepipe\".level", "WARN");
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
