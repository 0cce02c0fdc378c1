package io.quotepipe.poller.secrets;

import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key resolution: config first, then an SSM SecureString. No SSM emulator runs here, so the store is
 * a map; {@link SsmParameterStore} is the production side of the same interface.
 */
class ApiKeysTest {

    static final String KEY = "lcw-9f8e7d6c-5b4a-3210-fedc-ba9876543210";
    final TestClock clock = new TestClock(Instant.parse("2026-11-21T18:05:00Z"));
    final Map<String, String> parameters = new HashMap<>();
    final List<String> reads = new ArrayList<>();
    final ParameterStore store = name -> {
        reads.add(name);
        String value = parameters.get(name);
        if (value == null) {
            throw new ParameterStore.LookupException("SSM parameter " + name + " does not exist", true, null);
        }
        return value;
    };

    @Test
    void aKeyInConfig_winsOverAParameter_andNeverReachesSsm() throws Exception {
        ApiKeys keys = keys(new ApiKeys.Source("livecoinwatch", Optional.of(KEY), Optional.of("/quotepipe/lcw")));

        assertThat(keys.require("livecoinwatch")).isEqualTo(KEY);
        assertThat(keys.origin("livecoinwatch")).isEqualTo("API key from quotepipe.livecoinwatch.api-key");
        assertThat(reads).isEmpty();
    }

    @Test
    void aParameter_isReadOnce_thenAgainAfterTheRefreshPeriod() throws Exception {
        parameters.put("/quotepipe/prod/coincap-api-key", KEY);
        ApiKeys keys = keys(new ApiKeys.Source("coincap", Optional.empty(), Optional.of("/quotepipe/prod/coincap-api-key")));

        assertThat(keys.require("coincap")).isEqualTo(KEY);
        clock.advance(Duration.ofMinutes(59));
        assertThat(keys.require("coincap")).isEqualTo(KEY);
        assertThat(reads).hasSize(1);

        parameters.put("/quotepipe/prod/coincap-api-key", "rotated-key-0001");
        clock.advance(Duration.ofMinutes(2));
        assertThat(keys.require("coincap")).isEqualTo("rotated-key-0001");
        assertThat(reads).hasSize(2);
        assertThat(keys.origin("coincap")).isEqualTo("API key from SSM parameter /quotepipe/prod/coincap-api-key").doesNotContain(KEY);
    }

    @Test
    void aRejectedKey_isReadAgainByTheNextPoll() throws Exception {
        parameters.put("/k", KEY);
        ApiKeys keys = keys(new ApiKeys.Source("finnhub", Optional.empty(), Optional.of("/k")));
        keys.require("finnhub");

        keys.invalidate("finnhub");
        keys.require("finnhub");

        assertThat(reads).containsExactly("/k", "/k");
    }

    @Test
    void noKey_dashOrBlank_isARejectionNamingTheKeysToSet() {
        ApiKeys keys = keys(new ApiKeys.Source("livecoinwatch", Optional.of("-"), Optional.of(" ")),
                new ApiKeys.Source("coincap", Optional.of("  "), Optional.empty()));

        for (String provider : List.of("livecoinwatch", "coincap", "finnhub")) {
            assertThat(keys.configured(provider)).isFalse();
            assertThatThrownBy(() -> keys.require(provider))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.REJECTED))
                    .hasMessageContaining("quotepipe." + provider + ".api-key")
                    .hasMessageContaining("QUOTEPIPE_" + provider.toUpperCase() + "_API_KEY");
        }
    }

    @Test
    void aMissingParameter_isARejection_anUnreachableSsmAnOutage() {
        ApiKeys missing = keys(new ApiKeys.Source("coincap", Optional.empty(), Optional.of("/nope")));
        ApiKeys down = new ApiKeys(List.of(new ApiKeys.Source("coincap", Optional.empty(), Optional.of("/k"))),
                name -> {
                    throw new ParameterStore.LookupException("cannot reach SSM to read parameter " + name, false, null);
                }, clock, Duration.ofHours(1));

        assertThatThrownBy(() -> missing.require("coincap")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.REJECTED)).hasMessageContaining("/nope");
        assertThatThrownBy(() -> down.require("coincap")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
    }

    @Test
    void redact_masksEveryKeyConfiguredOrRead() throws Exception {
        parameters.put("/k", "ssm-key-123456");
        ApiKeys keys = keys(new ApiKeys.Source("livecoinwatch", Optional.of(KEY), Optional.empty()),
                new ApiKeys.Source("coincap", Optional.empty(), Optional.of("/k")));
        keys.require("coincap");

        assertThat(keys.redact("401: invalid key " + KEY + " and ssm-key-123456"))
                .isEqualTo("401: invalid key **** and ****");
    }

    private ApiKeys keys(ApiKeys.Source... sources) {
        return new ApiKeys(List.of(sources), store, clock, Duration.ofHours(1));
    }
}
