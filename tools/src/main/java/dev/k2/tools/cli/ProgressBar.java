package dev.k2.tools.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, drawn only when the output is a terminal (never in
 * pipes, files or JSON mode), redrawn at most ten times a second.
 */
public final class ProgressBar implements AutoCloseable {
    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final long startNs = System.nanoTime();
    private long lastDrawNs;
    private boolean drawn;

    private ProgressBar(PrintStream out, String label, String unit, long total) {
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.total = total;
    }

    /** @param total the amount that means 100%, or 0 when unknown (then only a count and rate are shown) */
    public static ProgressBar create(boolean enabled, String label, String unit, long total) {
        boolean terminal = enabled && isTerminal();
        return new ProgressBar(terminal ? System.err : null, label, unit, total);
    }

    /** JDK 22+ returns a Console even for pipes and says so with isTerminal(); on 21, non-null means a terminal. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public void update(long done, long rateCount) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDrawNs < 100_000_000L) {
            return;
        }
        lastDrawNs = now;
        double seconds = (now - startNs) / 1e9;
        String rate = seconds > 0 ? String.format("%,.0f %s/s", rateCount / seconds, unit) : "";
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, done * width / total);
            out.printf("\r%s [%s%s] %3d%%  %s   ", label, "#".repeat(filled), " ".repeat(width - filled),
                done * 100 / total, rate);
        } else {
            out.printf("\r%s %,d %s  %s   ", label, rateCount, unit, rate);
        }
        drawn = true;
    }

    @Override
    public void close() {
        if (out != null && drawn) {
            out.print("\r" + " ".repeat(80) + "\r");
            out.flush();
        }
    }
}
