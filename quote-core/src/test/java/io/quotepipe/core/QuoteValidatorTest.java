package io.quotepipe.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteValidatorTest {

    /** The hand-written checks are the documented patterns: same answer on edge cases and on random strings. */
    @Test
    void symbolAndSourceChecks_agreeWithTheirPatterns() {
        List<String> inputs = new ArrayList<>(List.of("", "B", "BTC", "btc", "_X", ".X", "-X", "X.Y_Z-1", "BT#C", "BTC ",
                "\u00c9TH", "a".repeat(32), "a".repeat(33), "lcw-2", "Lcw", "9"));
        Random random = new Random(42);
        String alphabet = "aZz09_.-#/ \u00e9A@[`{:"; // and the characters just outside each range
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(36);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(s.toString());
        }

        for (String s : inputs) {
            assertThat(QuoteValidator.isSymbol(s)).as("symbol %s", s).isEqualTo(QuoteValidator.SYMBOL.matcher(s).matches());
            assertThat(QuoteValidator.isSource(s)).as("source %s", s).isEqualTo(QuoteValidator.SOURCE.matcher(s).matches());
        }
    }
}
