package io.quotepipe.loader.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    static List<LineReader.Line> read(Reader in, int max) throws IOException {
        List<LineReader.Line> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(in, max)) {
            for (LineReader.Line l = reader.next(); l != null; l = reader.next()) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void splitsOnLfAndCrLf_keepsBlankLines_andReadsALastLineWithoutBreak() throws IOException {
        assertThat(read(new StringReader("a\r\nb\n\nc"), 100)).extracting(LineReader.Line::text).containsExactly("a", "b", "", "c");
        assertThat(read(new StringReader("a\n"), 100)).extracting(LineReader.Line::text).containsExactly("a");
        assertThat(read(new StringReader(""), 100)).isEmpty();
    }

    @Test
    void keepsOnlyTheStartOfALongLine_andGoesOnWithTheNext() throws IOException {
        List<LineReader.Line> lines = read(new StringReader("x".repeat(200_000) + "\nnext"), 10);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(new LineReader.Line("x".repeat(10), true));
        assertThat(lines.get(1)).isEqualTo(new LineReader.Line("next", false));
    }

    @Test
    void readsLinesThatSpanItsBuffer_fromAReaderThatReturnsFewCharsAtATime() throws IOException {
        String line = "y".repeat(150_000);
        Reader trickle = new StringReader(line + "\n" + line) {
            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                return super.read(cbuf, off, Math.min(len, 7));
            }
        };

        assertThat(read(trickle, 1_000_000)).extracting(LineReader.Line::text).containsExactly(line, line);
    }
}
