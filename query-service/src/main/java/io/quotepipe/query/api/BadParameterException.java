package io.quotepipe.query.api;

import java.util.List;

/** A request parameter that cannot be served; answered with a 400 that names it. */
public final class BadParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final transient List<String> accepted;

    BadParameterException(String parameter, String message, List<String> accepted) {
        super(message);
        this.parameter = parameter;
        this.accepted = accepted == null ? null : List.copyOf(accepted);
    }

    /** {@code sort='volume': must be one of rank, price, change1h, change24h}. */
    static BadParameterException of(String parameter, String value, String problem, List<String> accepted) {
        String shown = value == null ? "" : "='" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
        return new BadParameterException(parameter, parameter + shown + ": " + problem, accepted);
    }

    public String parameter() {
        return parameter;
    }

    public List<String> accepted() {
        return accepted;
    }
}
