package dev.k2.feeds.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.tick.Scaled;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedLineReaderTest {
    /** Collects lines as "number:text", overlong ones as "number!text". */
    private static final class Lines implements ChunkedLineReader.LineHandler {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onLine(byte[] bytes, int start, int end, long lineNumber) {
            seen.add(lineNumber + ":" + new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onOverlongLine(byte[] bytes, int start, int end, long lineNumber) {
            seen.add(lineNumber + "!" + new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
        }
    }

    /** Hands out at most {@code step} bytes per read, so lines straddle chunks. */
    private static InputStream trickle(String text, int step) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static List<String> read(String text, int bufferBytes, int step) throws IOException {
        Lines lines = new Lines();
        new ChunkedLineReader(bufferBytes).read(trickle(text, step), lines, null);
        return lines.seen;
    }

    @Test
    void splitsCrLfAndLfLinesAndKeepsEmptyOnesNumbered() throws IOException {
        assertThat(read("ab\r\ncd\n\r\nef", 64, 64)).containsExactly("1:ab", "2:cd", "3:", "4:ef");
    }

    @Test
    void linesStraddlingChunksComeOutWhole() throws IOException {
        String text = "alpha,1\r\nbeta,22\r\ngamma,333\r\ndelta\r\n";
        for (int step = 1; step <= 12; step++) {
            assertThat(read(text, 16, step)).as("step %d", step)
                .containsExactly("1:alpha,1", "2:beta,22", "3:gamma,333", "4:delta");
        }
    }

    @Test
    void aLineLongerThanTheBufferIsReportedOnceAndSkipped() throws IOException {
        assertThat(read("short\n0123456789ABCDEFGHIJ\nnext\n", 8, 3))
            .containsExactly("1:short", "2!01234567", "3:next");
    }

    @Test
    void reportsProgressInBytes() throws IOException {
        List<Long> progress = new ArrayList<>();
        long total = new ChunkedLineReader(8).read(trickle("0123\n4567\n89", 5), new Lines(), progress::add);
        assertThat(total).isEqualTo(12);
        assertThat(progress).endsWith(12L).isSorted();
    }

    @Test
    void asciiViewFeedsTheDecimalParserWithoutCopying() {
        byte[] bytes = "x,36.667,y".getBytes(StandardCharsets.ISO_8859_1);
        AsciiView view = new AsciiView().wrap(bytes);
        assertThat(Scaled.parse(view, 2, 8)).isEqualTo(3_666_700_000L);
        assertThat(view.toString(2, 8)).isEqualTo("36.667");
        assertThat(view.subSequence(2, 4).toString()).isEqualTo("36");
        assertThat(new AsciiView().wrap(bytes, 9, 1).charAt(0)).isEqualTo('y');
    }
}
