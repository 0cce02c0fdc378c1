package io.quotepipe.query.api;

/** No latest quote of a coin: a 404. */
public final class CoinNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CoinNotFoundException(String symbol, String table) {
        super("No latest quote of " + symbol + " in table " + table
                + ": the symbol is unknown or no quote of it has been loaded yet (GET /api/coins lists the coins)");
    }
}
