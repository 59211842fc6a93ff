package io.tcbatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertEquals(0.4, Stats.median(0.9, 0.4, 0.1), 0);
        assertEquals(7, Stats.median(7), 0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, Stats.median(4, 1, 3, 2), 0);
        assertEquals(8, Stats.median(8, 8, 1, 9, 8, 20), 0);
    }

    @Test
    void medianLeavesItsInputAsItWas() {
        double[] v = {3, 1, 2};
        Stats.median(v);
        assertEquals(3, v[0], 0);
    }

    @Test
    void minMaxAndTheFigureLines() {
        assertEquals(0.25, Stats.min(1.5, 0.25, 0.75), 0);
        assertEquals(1.5, Stats.max(1.5, 0.25, 0.75), 0);
        assertEquals("version_median_seconds=0.75\nversion_min_seconds=0.25\nversion_max_seconds=1.50\n"
                + "version_runs_seconds=1.50 0.25 0.75\n", Stats.lines("version", "seconds", 1.5, 0.25, 0.75)
                .replace(System.lineSeparator(), "\n"));
        assertEquals("jobs_median=8.00\njobs_min=8.00\njobs_max=8.00\njobs_runs=8.00\n",
                Stats.lines("jobs", "", 8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void noValuesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median());
        assertThrows(IllegalArgumentException.class, () -> Stats.min());
    }
}
