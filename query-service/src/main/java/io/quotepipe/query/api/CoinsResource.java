package io.quotepipe.query.api;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.query.Candles;
import io.quotepipe.query.History;
import io.quotepipe.query.LatestQuotes;
import io.quotepipe.query.LatestSort;
import io.quotepipe.query.QuoteQueries;
import io.quotepipe.query.VolumeQueries;
import io.quotepipe.query.Volumes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The query API: thin mapping of HTTP parameters onto {@link QuoteQueries}. Parameters are read as text so that a
 * bad one gets a 400 naming it (see {@link Params}), never a bare 404 from a failed conversion.
 */
@Path("/api/coins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "quotes", description = "Latest quotes, history and candles from the DynamoDB table")
@APIResponse(responseCode = "400", description = "A parameter is invalid; the body names it",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
@APIResponse(responseCode = "503", description = "DynamoDB or its table cannot be reached",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class CoinsResource {

    private static final String TIME = "UTC time, e.g. 2026-11-21T18:05:00.000Z";

    private final QuoteQueries queries;
    private final VolumeQueries volumes;
    private final Clock clock;

    @Inject
    public CoinsResource(QuoteQueries queries, VolumeQueries volumes, Clock clock) {
        this.queries = queries;
        this.volumes = volumes;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Latest quote of every coin", description = "Query pk=LATEST, sorted here.")
    @APIResponse(responseCode = "200", description = "The latest quotes",
            content = @Content(schema = @Schema(implementation = LatestQuotes.class)))
    public LatestQuotes latest(
            @Parameter(description = "Sort field", schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"rank", "price", "change1h", "change24h"}, defaultValue = "rank"))
            @QueryParam("sort") String sort,
            @Parameter(description = "Direction; by default asc for rank, desc for the others",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"asc", "desc"}))
            @QueryParam("order") String order,
            @Parameter(description = "At most this many quotes (1-1000)")
            @QueryParam("limit") String limit) {
        LatestSort by = Params.sort(sort);
        return queries.latest(by, Params.ascending(order, by), Params.limit(limit));
    }

    @GET
    @Path("{symbol}")
    @Operation(summary = "Latest quote of one coin", description = "GetItem pk=LATEST, sk=COIN#<symbol>.")
    @APIResponse(responseCode = "200", description = "The latest quote (Quote JSON v1)",
            content = @Content(schema = @Schema(implementation = Quote.class)))
    @APIResponse(responseCode = "404", description = "No quote of this coin",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Quote latestOf(@Parameter(description = "Coin symbol, e.g. BTC") @PathParam("symbol") String symbol) {
        String coin = Params.symbol(symbol);
        return queries.latest(coin).orElseThrow(() -> new CoinNotFoundException(coin, queries.table()));
    }

    @GET
    @Path("{symbol}/history")
    @Operation(summary = "A coin's quotes in a time range, optionally downsampled",
            description = "Query pk=COIN#<symbol>, sk BETWEEN TS#<from> AND TS#<to>#~. Oldest first.")
    @APIResponse(responseCode = "200", description = "The quotes",
            content = @Content(schema = @Schema(implementation = History.class)))
    public History history(
            @Parameter(description = "Coin symbol, e.g. BTC") @PathParam("symbol") String symbol,
            @Parameter(description = "Start (inclusive), " + TIME + "; default: to minus quotepipe.query.default-history-range (24 h)")
            @QueryParam("from") String from,
            @Parameter(description = "End (inclusive), " + TIME + "; default: now")
            @QueryParam("to") String to,
            @Parameter(description = "Downsampling step: the last quote of each bucket, e.g. 5m, 1h, 1d, PT15M")
            @QueryParam("step") String step,
            @Parameter(description = "Only this provider's quotes, e.g. livecoinwatch")
            @QueryParam("source") String source) {
        String coin = Params.symbol(symbol);
        Instant end = Params.time("to", to, clock.instant());
        Instant start = Params.time("from", from, end.minus(queries.limits().defaultHistoryRange()));
        Params.range(start, end, queries.limits().maxHistoryRange(), "quotepipe.query.max-history-range");
        Duration bucket = Params.step(step);
        return queries.history(coin, start, end, bucket, Params.source(source));
    }

    @GET
    @Path("{symbol}/candles")
    @Operation(summary = "A coin's hourly or daily candles (OHLC) in a time range",
            description = "Query pk=OHLC#<interval>#<symbol>, sk BETWEEN <start of from's interval> AND <to>. Oldest first.")
    @APIResponse(responseCode = "200", description = "The candles",
            content = @Content(schema = @Schema(implementation = Candles.class)))
    public Candles candles(
            @Parameter(description = "Coin symbol, e.g. BTC") @PathParam("symbol") String symbol,
            @Parameter(description = "Candle width", required = true,
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"1h", "1d"}))
            @QueryParam("interval") String interval,
            @Parameter(description = "Start, " + TIME + "; default: to minus 2 days (1h) or 90 days (1d)")
            @QueryParam("from") String from,
            @Parameter(description = "End, " + TIME + "; default: now")
            @QueryParam("to") String to) {
        CandleRange r = candleRange(symbol, interval, from, to);
        return queries.candles(r.coin(), r.width(), r.start(), r.end());
    }

    @GET
    @Path("{symbol}/volumes")
    @Operation(summary = "The volume under a coin's candles",
            description = "For each hourly or daily candle of the range (as /candles gives them, the newest "
                    + VolumeQueries.MAX_POINTS + " at most), the 24-hour volume of the quote that closed it. Oldest first.")
    @APIResponse(responseCode = "200", description = "The volumes",
            content = @Content(schema = @Schema(implementation = Volumes.class)))
    public Volumes volumes(
            @Parameter(description = "Coin symbol, e.g. BTC") @PathParam("symbol") String symbol,
            @Parameter(description = "Candle width", required = true,
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"1h", "1d"}))
            @QueryParam("interval") String interval,
            @Parameter(description = "Start, " + TIME + "; default: to minus 2 days (1h) or 90 days (1d)")
            @QueryParam("from") String from,
            @Parameter(description = "End, " + TIME + "; default: now")
            @QueryParam("to") String to) {
        CandleRange r = candleRange(symbol, interval, from, to);
        return volumes.volumes(r.coin(), r.width(), r.start(), r.end());
    }

    /** The coin, width and time range of a candle request, with the defaults of /candles; shared by /volumes. */
    private record CandleRange(String coin, Interval width, Instant start, Instant end) {
    }

    private CandleRange candleRange(String symbol, String interval, String from, String to) {
        String coin = Params.symbol(symbol);
        Interval width = Params.interval(interval);
        Instant end = Params.time("to", to, clock.instant());
        Duration back = width == Interval.HOUR ? queries.limits().defaultHourlyRange() : queries.limits().defaultDailyRange();
        Instant start = Params.time("from", from, end.minus(back));
        Params.range(start, end, null, null);
        return new CandleRange(coin, width, start, end);
    }
}
