package io.quotepipe.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The body of every error answer.
 *
 * @param status    the HTTP status
 * @param error     a stable short name: {@code bad-parameter}, {@code not-found}, {@code table-unavailable}, ...
 * @param message   what went wrong and what to do
 * @param parameter the query or path parameter at fault, for a 400
 * @param accepted  the values that parameter accepts, when they are a closed set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String error, String message, String parameter, List<String> accepted) {

    static ApiError of(int status, String error, String message) {
        return new ApiError(status, error, message, null, null);
    }
}
