package io.quotepipe.loader.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * Reads lines like {@link java.io.BufferedReader#readLine()} ({@code \n} or {@code \r\n}), but keeps at most
 * {@code maxChars} of a line: a line without an end (a corrupt or foreign object) cannot exhaust the heap. The rest
 * of a longer line is skipped and the line is reported as {@linkplain Line#truncated() truncated}. Not thread-safe.
 */
public final class LineReader implements AutoCloseable {

    /** One line. */
    public record Line(String text, boolean truncated) {
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;

    public LineReader(Reader in, int maxChars) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be >= 1: " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** The next line without its line break, or null at the end of the input. */
    public Line next() throws IOException {
        StringBuilder line = null;
        boolean truncated = false;
        while (true) {
            if (position == limit && !fill()) {
                if (line == null) {
                    return null;
                }
                return finish(line, truncated);
            }
            if (line == null) {
                line = new StringBuilder(Math.min(512, maxChars));
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int room = maxChars - line.length();
            int length = position - start;
            if (length > room) {
                truncated = true;
            }
            line.append(buffer, start, Math.min(length, Math.max(room, 0)));
            if (position < limit) {
                position++; // the '\n'
                return finish(line, truncated);
            }
        }
    }

    private Line finish(StringBuilder line, boolean truncated) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r' && !truncated) {
            line.setLength(end - 1);
        }
        return new Line(line.toString(), truncated);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer);
        while (n == 0) {
            n = in.read(buffer);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
