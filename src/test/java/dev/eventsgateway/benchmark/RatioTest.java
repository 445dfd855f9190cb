package dev.eventsgateway.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RatioTest {

    @Test
    void aFigureIsPrintedAsItsMultipleOfTheReferenceWithTwoDecimals() {
        assertEquals("1.77", Ratio.of(15.4, 8.7));
        assertEquals("0.50", Ratio.of(1, 2));
        assertEquals("0.00", Ratio.of(0, 2));
    }

    @Test
    void aHundredfoldAndMoreNeedsNoDecimals() {
        assertEquals("305", Ratio.of(6400, 21));
        assertEquals("99.99", Ratio.of(99.99, 1));
    }

    @Test
    void withoutAPositiveReferenceOrAValueThereIsNoRatio() {
        assertEquals("-", Ratio.of(5, 0));
        assertEquals("-", Ratio.of(5, -1));
        assertEquals("-", Ratio.of(Double.NaN, 2));
        assertEquals("-", Ratio.of(5, Double.NaN));
        assertEquals("-", Ratio.of(Double.POSITIVE_INFINITY, 2));
        assertEquals("-", Ratio.of(-1, 2));
    }
}
