package io.quotepipe.poller;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteValidator;
import io.quotepipe.core.Violation;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderPoll;
import io.quotepipe.poller.provider.Rejected;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Per-quote validation of a provider's answer. A bad element is skipped with its reason and the rest
 * of the answer is used; an answer that is empty, or more than half bad, is a failed provider (a
 * changed API or a broken feed, not a few odd coins), and the poll fails over.
 *
 * <p>Of two quotes with one code, the better ranked one is kept and the other reported: many tokens share
 * a code (CoinPaprika and CoinLore list every coin, not only the top ones), and pages fetched one after
 * the other overlap when a coin's rank moves between the calls. Without ranks, the first one stays.
 */
public final class QuoteScreen {

    /**
     * @param valid   the quotes to publish, in the provider's order
     * @param skipped every element left out, with its reason
     */
    public record Result(List<Quote> valid, List<Rejected> skipped) {

        public int total() {
            return valid.size() + skipped.size();
        }
    }

    private QuoteScreen() {
    }

    public static Result screen(ProviderPoll poll) {
        List<Quote> valid = new ArrayList<>(poll.quotes().size());
        List<Rejected> skipped = new ArrayList<>(poll.rejected());
        Map<String, Quote> seen = new HashMap<>();
        for (Quote q : poll.quotes()) {
            List<Violation> violations = QuoteValidator.validate(q);
            if (!violations.isEmpty()) {
                skipped.add(new Rejected(q.symbol() == null || q.symbol().isEmpty() ? Rejected.NO_CODE : q.symbol(),
                        violations.stream().map(Violation::toString).collect(Collectors.joining("; "))));
                continue;
            }
            Quote kept = seen.putIfAbsent(q.symbol(), q);
            if (kept == null) {
                valid.add(q);
            } else if (better(q, kept)) {
                seen.put(q.symbol(), q);
                valid.set(valid.indexOf(kept), q);
                skipped.add(new Rejected(kept.symbol(), duplicate(kept, q)));
            } else {
                skipped.add(new Rejected(q.symbol(), duplicate(q, kept)));
            }
        }
        return new Result(valid, skipped);
    }

    /** Whether {@code challenger} outranks {@code kept}: a rank, and a better (lower) one; otherwise the first stays. */
    private static boolean better(Quote challenger, Quote kept) {
        return challenger.rank() != null && (kept.rank() == null || challenger.rank() < kept.rank());
    }

    private static String duplicate(Quote loser, Quote winner) {
        return "duplicate code in this poll: " + describe(loser) + " loses to " + describe(winner) + ", which is kept";
    }

    private static String describe(Quote q) {
        String name = q.name() == null ? "" : q.name().length() <= 40 ? q.name() : q.name().substring(0, 40) + "...";
        return (name.isEmpty() ? "" : "\"" + name + "\" ") + (q.rank() == null ? "(no rank)" : "rank " + q.rank());
    }

    /** Why {@code result} makes its provider a failed one, if it does. */
    public static Optional<ProviderException> failure(String provider, Result result) {
        if (result.total() == 0) {
            return Optional.of(new ProviderException(provider, ProviderException.Kind.BAD_DATA,
                    "answered an empty list: no quotes"));
        }
        if (result.skipped().size() * 2 > result.total()) {
            String examples = result.skipped().stream().limit(3).map(r -> r.symbol() + ": " + r.reason())
                    .collect(Collectors.joining("; "));
            return Optional.of(new ProviderException(provider, ProviderException.Kind.BAD_DATA, result.skipped().size()
                    + " of " + result.total() + " quotes invalid, more than half; e.g. " + examples));
        }
        return Optional.empty();
    }
}
