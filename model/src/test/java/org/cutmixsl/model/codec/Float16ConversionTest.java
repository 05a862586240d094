package org.cutmixsl.model.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Float16} against exhaustive enumeration and against an independent, slow reference: exact decimal
 * arithmetic over the list of every finite half.
 */
class Float16ConversionTest {

    /** The exact value of a finite half, from the IEEE definition, in BigDecimal. */
    private static BigDecimal exactHalf(int h) {
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        BigDecimal v = e == 0
                ? new BigDecimal(m).multiply(pow2(-24))
                : new BigDecimal(1024 + m).multiply(pow2(e - 25));
        return (h & 0x8000) != 0 ? v.negate() : v;
    }

    private static BigDecimal pow2(int k) {
        return k >= 0 ? new BigDecimal(2).pow(k) : BigDecimal.ONE.divide(new BigDecimal(2).pow(-k));
    }

    private static final BigDecimal[] POSITIVE = new BigDecimal[0x7c00];

    static {
        for (int h = 0; h < 0x7c00; h++) {
            POSITIVE[h] = exactHalf(h);
        }
    }

    /** The correctly rounded half of a float: nearest by exact comparison, ties to the even bit pattern. */
    private static short reference(float f) {
        int sign = (Float.floatToRawIntBits(f) >>> 16) & 0x8000;
        if (Float.isNaN(f)) {
            throw new IllegalArgumentException("NaN has no nearest half");
        }
        if (Float.isInfinite(f)) {
            return (short) (sign | 0x7c00);
        }
        BigDecimal x = new BigDecimal(Math.abs(f));
        // 65520 is halfway between the largest half and 2^16, which rounds (to even) to infinity
        if (x.compareTo(new BigDecimal(65520)) >= 0) {
            return (short) (sign | 0x7c00);
        }
        int lo = 0;
        int hi = 0x7bff;
        while (lo < hi) { // the last half ≤ x
            int mid = (lo + hi + 1) >>> 1;
            if (POSITIVE[mid].compareTo(x) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int below = lo;
        if (below == 0x7bff) {
            BigDecimal dist = x.subtract(POSITIVE[below]);
            BigDecimal half = new BigDecimal(16); // halfway to 65536 is 65520
            return (short) (sign | (dist.compareTo(half) < 0 ? below : 0x7c00));
        }
        int above = below + 1;
        int c = x.subtract(POSITIVE[below]).compareTo(POSITIVE[above].subtract(x));
        int pick = c < 0 ? below : c > 0 ? above : (below % 2 == 0 ? below : above);
        return (short) (sign | pick);
    }

    @Test
    void everyHalfSurvivesTheRoundTripThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            short back = Float16.fromFloat(f);
            boolean nan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
            if (nan) {
                assertTrue(Float.isNaN(f), "half 0x" + Integer.toHexString(h) + " is NaN");
                assertEquals(h & 0x8000, back & 0x8000, "sign of NaN 0x" + Integer.toHexString(h));
                assertTrue((back & 0x7c00) == 0x7c00 && (back & 0x3ff) != 0, "NaN stays NaN");
            }
            assertEquals(h, back & 0xffff, "half 0x" + Integer.toHexString(h));
        }
    }

    @Test
    void toFloatIsTheExactValueOfEveryFiniteHalf() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7c00) == 0x7c00) {
                continue;
            }
            float f = Float16.toFloat((short) h);
            assertEquals(0, exactHalf(h).compareTo(new BigDecimal(f)), "half 0x" + Integer.toHexString(h));
            assertEquals((h & 0x8000) != 0, (Float.floatToRawIntBits(f) & 0x80000000) != 0, "sign, including -0");
        }
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00));
        assertEquals(65504f, Float16.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Float16.toFloat((short) 1));
    }

    @Test
    void fromFloatRoundsEveryHalfwayPointAndItsNeighboursToNearestEven() {
        int checked = 0;
        for (int h = 0; h < 0x7c00; h++) {
            float v = Float16.toFloat((short) h);
            float next = h < 0x7bff ? Float16.toFloat((short) (h + 1)) : 65536f;
            float mid = (v + next) / 2; // exact: halves carry 11 significant bits, floats 24
            for (float f : new float[] {v, mid, Math.nextDown(mid), Math.nextUp(mid), Math.nextUp(v), Math.nextDown(v)}) {
                if (f < 0) {
                    continue;
                }
                for (float s : new float[] {f, -f}) {
                    assertEquals(reference(s), Float16.fromFloat(s), "float " + s + " (0x" + Integer.toHexString(Float.floatToRawIntBits(s)) + ")");
                    checked++;
                }
            }
        }
        assertTrue(checked > 350_000, "checked " + checked);
    }

    @Test
    void fromFloatMatchesTheReferenceOnRandomFloatsOfEveryMagnitude() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(reference(f), Float16.fromFloat(f), "float " + f);
        }
        for (int i = 0; i < 200_000; i++) { // concentrated where halves live: 2^-30 .. 2^17
            float f = (float) (Math.pow(2, -30 + 47 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
            assertEquals(reference(f), Float16.fromFloat(f), "float " + f);
        }
    }

    @Test
    void specialValuesConvertAsIeeeSays() {
        assertEquals((short) 0x0000, Float16.fromFloat(0f));
        assertEquals((short) 0x8000, Float16.fromFloat(-0f));
        assertEquals((short) 0x7c00, Float16.fromFloat(Float.POSITIVE_INFINITY));
        assertEquals((short) 0xfc00, Float16.fromFloat(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x7bff, Float16.fromFloat(65519.99f), "just below the rounding boundary to infinity");
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f), "halfway to 2^16 rounds to even: infinity");
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f), "smallest subnormal");
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-25f), "halfway to the smallest subnormal rounds to even zero");
        assertEquals((short) 0x0001, Float16.fromFloat(Math.nextUp(0x1p-25f)));
        assertEquals((short) 0x0400, Float16.fromFloat(0x1p-14f), "smallest normal");
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f), "tie between 1 and 1+2^-10 goes to even 1");
        assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f), "tie between odd and even goes up to even");
    }

    @Test
    void nanStaysNanWithItsSignAndTopPayloadBits() {
        int[] nans = {0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fa00000, 0x7fffffff, 0x7f802000};
        for (int bits : nans) {
            short h = Float16.fromFloat(Float.intBitsToFloat(bits));
            assertEquals(0x7c00, h & 0x7c00, "exponent all ones");
            assertTrue((h & 0x3ff) != 0, "a NaN, not infinity, from 0x" + Integer.toHexString(bits));
            assertEquals((bits >>> 16) & 0x8000, h & 0x8000, "sign kept");
        }
        assertEquals((short) 0x7d00, Float16.fromFloat(Float.intBitsToFloat(0x7fa00000)), "top payload bits kept");
        assertEquals((short) 0x7e00, Float16.fromFloat(Float.intBitsToFloat(0x7f800001)), "payload below the kept bits becomes the quiet bit");
    }
}
