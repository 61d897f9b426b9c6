package dev.k2.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code k2 ...} in-process and captures what it printed. */
public record CommandLineRun(int exitCode, String out, String err) {

    public static synchronized CommandLineRun k2(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = K2.run(args);
            return new CommandLineRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** A top-level or nested number in the JSON output: {@code number("accepted")} or {@code number("BHP", "count")}. */
    public long number(String... path) {
        String json = out;
        int from = 0;
        for (int i = 0; i < path.length - 1; i++) {
            from = json.indexOf("\"" + path[i] + "\":", from);
            if (from < 0) {
                throw new AssertionError("no key " + path[i] + " in " + json);
            }
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(path[path.length - 1]) + "\":(-?\\d+)").matcher(json);
        if (!m.find(from)) {
            throw new AssertionError("no numeric key " + String.join(".", path) + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    public String text(String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"([^\"]*)\"").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no string key " + key + " in " + out);
        }
        return m.group(1);
    }
}
