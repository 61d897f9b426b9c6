package dev.k2.query.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SQL that turns a {@code decimal(18,8)} cold column into the engine's scaled long is exact over
 * the column's whole range: both signs, the extremes, one unit, fractions only, integers only.
 */
class ScaledDecimalTest {
    private static final long MAX_UNITS = 999_999_999_999_999_999L; // 9999999999.99999999

    @Test
    void scalingInSqlIsExactOverTheWholeDecimal18_8Range() throws SQLException {
        List<Long> units = new ArrayList<>(List.of(0L, 1L, -1L, MAX_UNITS, -MAX_UNITS, 150_000_000L, -150_000_000L,
            99_999_999L, -99_999_999L, 100_000_000L, -100_000_000L, 6_000_050_000_000L, 10_000_000_000L));
        Random random = new Random(8);
        for (int i = 0; i < 2_000; i++) {
            units.add(random.nextLong(-MAX_UNITS, MAX_UNITS + 1));
            units.add(random.nextLong(-1_000_000_000L, 1_000_000_000L));
        }
        StringBuilder values = new StringBuilder();
        for (long u : units) {
            values.append(values.isEmpty() ? "(" : ", (").append(BigDecimal.valueOf(u, 8).toPlainString())
                .append("::DECIMAL(18,8))");
        }
        try (DuckDbPool pool = new DuckDbPool(1)) {
            Connection c = pool.borrow();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ColdReader.scaled("v") + " FROM (VALUES "
                + values + ") AS t(v)")) {
                List<Long> scaled = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        scaled.add(rs.getLong(1));
                    }
                }
                assertThat(scaled).containsExactlyElementsOf(units);
            } finally {
                pool.giveBack(c);
            }
        }
    }
}
