package dev.k2.feeds.asx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ASX sample's company reference, {@code reference-data/company_info.csv}: maps the company id
 * that names each data file ({@code 7078.csv}) to its ticker symbol ({@code BHP}).
 *
 * <pre>
 *  company_id,symbol,company_name,ISIN,start_date,end_date
 *  7078,BHP,BHP BILLITON LTD,AU000000BHP4,05/07/2008,03/31/2014
 * </pre>
 *
 * A header row, CRLF or LF line endings; only the first two columns are used. Loaded once, when a
 * file feed starts, never on the tick path.
 */
public final class CompanyReference {
    private static final String HEADER_START = "company_id,symbol";

    private final Path source;
    private final Map<Integer, String> symbolById;

    private CompanyReference(Path source, Map<Integer, String> symbolById) {
        this.source = source;
        this.symbolById = Map.copyOf(symbolById);
    }

    /**
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when its header or a row is not the layout above
     */
    public static CompanyReference load(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
        if (lines.isEmpty() || !lines.get(0).strip().startsWith(HEADER_START)) {
            throw new IllegalArgumentException(csv + ": expected a header starting '" + HEADER_START + "'");
        }
        Map<Integer, String> symbols = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            int lineNumber = i + 1;
            if (fields.length < 2 || fields[1].isBlank()) {
                throw new IllegalArgumentException(csv + " line " + lineNumber + ": expected company_id,symbol,... but got '"
                    + line + "'");
            }
            int companyId = parseCompanyId(fields[0]);
            if (companyId < 0) {
                throw new IllegalArgumentException(csv + " line " + lineNumber + ": company id '" + fields[0]
                    + "' is not a number");
            }
            String symbol = fields[1].strip();
            String previous = symbols.putIfAbsent(companyId, symbol);
            if (previous != null && !previous.equals(symbol)) {
                throw new IllegalArgumentException(csv + " line " + lineNumber + ": company id " + companyId
                    + " is both " + previous + " and " + symbol);
            }
        }
        return new CompanyReference(csv, symbols);
    }

    /** The symbol of a company id, if the reference knows it. */
    public Optional<String> symbol(int companyId) {
        return Optional.ofNullable(symbolById.get(companyId));
    }

    /**
     * Resolves a data file named {@code <company id>.csv} to its symbol ({@code 7078.csv} → {@code BHP}).
     *
     * @throws IllegalArgumentException when the name is not a company id or the id is unknown
     */
    public String symbolForFile(Path file) {
        String name = file.getFileName().toString();
        int companyId = name.endsWith(".csv") ? parseCompanyId(name.substring(0, name.length() - 4)) : -1;
        if (companyId < 0) {
            throw new IllegalArgumentException("file " + name + " is not named <company id>.csv; pass --symbol");
        }
        String symbol = symbolById.get(companyId);
        if (symbol == null) {
            throw new IllegalArgumentException("file " + name + ": company id " + companyId + " is not in " + source
                + "; pass --symbol or --reference");
        }
        return symbol;
    }

    /** The file this reference was loaded from. */
    public Path source() {
        return source;
    }

    public int size() {
        return symbolById.size();
    }

    /** @return the id, or -1 when {@code text} is not 1..9 decimal digits */
    private static int parseCompanyId(String text) {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > 9) {
            return -1;
        }
        int id = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
