package io.quotepipe.poller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A LiveCoinWatch {@code /coins/list} of any length, element shape as recorded in
 * {@code providers/livecoinwatch/coins-list.json}: the stub pages it by the request's offset and limit.
 */
public final class SyntheticMarket {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int coins;
    private final String template;

    public SyntheticMarket(int coins) {
        this.coins = coins;
        try {
            // The first recorded element, with placeholders where each coin differs.
            JsonNode first = JSON.readTree(ProviderStub.resource("livecoinwatch/coins-list.json")).get(0);
            template = first.toString()
                    .replace("\"code\":\"BTC\"", "\"code\":\"@CODE@\"")
                    .replace("\"symbol\":\"BTC\"", "\"symbol\":\"@CODE@\"")
                    .replace("\"name\":\"Bitcoin\"", "\"name\":\"Coin @RANK@\"")
                    .replace("\"rank\":1,", "\"rank\":@RANK@,")
                    .replace("\"rate\":70835.60123456789", "\"rate\":@RATE@");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stub's answer to a {@code /coins/list} request. */
    public ProviderStub.Answer page(ProviderStub.Request request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            int offset = body.path("offset").asInt();
            int limit = body.path("limit").asInt();
            StringBuilder out = new StringBuilder(limit * (template.length() + 16)).append('[');
            for (int rank = offset + 1; rank <= Math.min(coins, offset + limit); rank++) {
                if (rank > offset + 1) {
                    out.append(',');
                }
                out.append(template.replace("@CODE@", code(rank)).replace("@RANK@", Integer.toString(rank))
                        .replace("@RATE@", rate(rank).toPlainString()));
            }
            out.append(']');
            return new ProviderStub.Answer(200, Map.of("Content-Type", "application/json"),
                    out.toString().getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String code(int rank) {
        return rank == 1 ? "BTC" : "C" + rank;
    }

    /** A price with many digits, as small caps have. */
    public static BigDecimal rate(int rank) {
        return new BigDecimal("70835.60123456789").divide(BigDecimal.valueOf(rank), 12, java.math.RoundingMode.HALF_EVEN);
    }
}
