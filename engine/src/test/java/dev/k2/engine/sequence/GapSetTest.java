package dev.k2.engine.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapSetTest {
    @Test
    void givesUpOldestGapWhenFullAndCountsWhatItGaveUp() {
        GapSet gaps = new GapSet(2);
        gaps.open(10, 19);
        gaps.open(30, 31);
        gaps.open(40, 40);
        assertThat(gaps.size()).isEqualTo(2);
        assertThat(gaps.find(15)).isEqualTo(-1);
        assertThat(gaps.find(31)).isEqualTo(0);
        assertThat(gaps.abandoned()).isEqualTo(10);
    }

    @Test
    void splitWhenFullGivesUpTheOldestOtherGap() {
        GapSet gaps = new GapSet(2);
        gaps.open(1, 1);
        gaps.open(10, 20);
        gaps.fill(gaps.find(15), 15);
        assertThat(gaps.size()).isEqualTo(2);
        assertThat(gaps.from(0)).isEqualTo(10);
        assertThat(gaps.to(0)).isEqualTo(14);
        assertThat(gaps.from(1)).isEqualTo(16);
        assertThat(gaps.to(1)).isEqualTo(20);
        assertThat(gaps.abandoned()).isEqualTo(1);
    }

    @Test
    void splittingTheOnlyGapWhenFullKeepsItsUpperPart() {
        GapSet gaps = new GapSet(1);
        gaps.open(10, 20);
        gaps.fill(0, 15);
        assertThat(gaps.size()).isEqualTo(1);
        assertThat(gaps.from(0)).isEqualTo(16);
        assertThat(gaps.to(0)).isEqualTo(20);
        assertThat(gaps.abandoned()).isEqualTo(5);
        assertThat(gaps.missing()).isEqualTo(5);
    }
}
