package dev.k2.feeds.asx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.feeds.support.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompanyReferenceTest {
    @TempDir
    Path dir;

    @Test
    void resolvesTheSampleFilesToTheirSymbols() throws IOException {
        CompanyReference reference = CompanyReference.load(SharedData.asx("reference-data/company_info.csv"));
        assertThat(reference.size()).isEqualTo(4);
        assertThat(reference.symbolForFile(Path.of("trades/7078.csv"))).isEqualTo("BHP");
        assertThat(reference.symbolForFile(Path.of("7458.csv"))).isEqualTo("RIO");
        assertThat(reference.symbolForFile(Path.of("/x/quotes/3153.csv"))).isEqualTo("MWR");
        assertThat(reference.symbol(7181)).contains("DVN");
    }

    @Test
    void unknownCompanyIdSaysWhereItLookedAndWhatToDo() throws IOException {
        Path csv = write("company_id,symbol,company_name,ISIN,start_date,end_date\r\n"
            + "7078,BHP,BHP BILLITON LTD,AU000000BHP4,05/07/2008,03/31/2014\r\n");
        CompanyReference reference = CompanyReference.load(csv);
        assertThatThrownBy(() -> reference.symbolForFile(Path.of("9999.csv")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("file 9999.csv: company id 9999 is not in " + csv + "; pass --symbol or --reference");
    }

    @Test
    void fileNotNamedByCompanyIdAsksForASymbol() throws IOException {
        CompanyReference reference = CompanyReference.load(write("company_id,symbol\n7078,BHP\n"));
        assertThatThrownBy(() -> reference.symbolForFile(Path.of("bhp.csv")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("file bhp.csv is not named <company id>.csv; pass --symbol");
    }

    @Test
    void refusesAFileWithoutTheHeader() throws IOException {
        Path csv = write("7078,BHP\n");
        assertThatThrownBy(() -> CompanyReference.load(csv))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("company_id,symbol");
    }

    @Test
    void refusesARowWhoseIdIsNotANumber() throws IOException {
        Path csv = write("company_id,symbol\nBHP,7078\n");
        assertThatThrownBy(() -> CompanyReference.load(csv))
            .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("line 2: company id 'BHP' is not a number");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("company_info.csv"), content);
    }
}
