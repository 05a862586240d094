package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cutmixsl.model.privacy.RdpAccountant.Conversion;
import org.junit.jupiter.api.Test;

/** A run's guarantee: per round and composed ε from the accountant, and a plain statement of its scope. */
class DpGuaranteeStatesWhatItCovers {

    @Test
    void roundAndRunEpsilonsComeFromTheAccountant() {
        DpGuarantee g = DpGuarantee.account(1.2, 3.0, ClipUnit.IMAGE, DpRecord.IMAGE, 1e-5, 1, 25, Conversion.STANDARD);
        RdpAccountant accountant = new RdpAccountant(1.2, Conversion.STANDARD);
        assertEquals(accountant.perRelease(1e-5).epsilon(), g.epsilonPerRound());
        assertEquals(accountant.perRelease(1e-5).order(), g.orderPerRound());
        assertEquals(accountant.composed(25, 1e-5).epsilon(), g.epsilonComposed());
        assertEquals(accountant.composed(25, 1e-5).order(), g.orderComposed());
        // Closed form of the standard conversion for 25 releases: 25/(2·1.44) + √(2·25·ln 10⁵)/1.2 = 28.676...
        assertEquals(25 / 2.88 + Math.sqrt(50 * Math.log(1e5)) / 1.2, g.epsilonComposed(), 1e-3);
        assertTrue(g.epsilonComposed() > g.epsilonPerRound());
        assertEquals(3.0, g.clipNorm());
        assertEquals(Conversion.STANDARD, g.conversion());
    }

    @Test
    void coversOnlyTheSmashedDataChannel() {
        DpGuarantee g = DpGuarantee.account(1.0, 1.0, ClipUnit.IMAGE, DpRecord.IMAGE, 1e-5, 1, 10, Conversion.BALLE_2020);
        assertTrue(g.covers().contains("smashed-data channel only"), g.covers());
        assertTrue(g.covers().contains("labels are sent in the clear"), g.covers());
        assertTrue(g.covers().contains("head weights are averaged without noise"), g.covers());
        String summary = g.summary();
        assertTrue(summary.contains("over 10 releases"), summary);
        assertTrue(summary.contains("Balle et al. 2020"), summary);
        assertTrue(summary.contains("no subsampling amplification"), summary);
        assertTrue(summary.endsWith(g.covers()), summary);
    }

    @Test
    void theStatementNamesTheRecordAndItsSensitivity() {
        String image = DpGuarantee.account(1.0, 1.0, ClipUnit.TOKEN, DpRecord.IMAGE, 1e-5, 1, 10, Conversion.STANDARD)
                .summary();
        assertTrue(image.contains("-DP for each image over 10 releases"), image);
        assertTrue(image.contains("L2 sensitivity C·√k"), image);
        assertTrue(image.contains("adding or removing one image"), image);
        DpGuarantee token = DpGuarantee.account(1.0, 1.0, ClipUnit.TOKEN, DpRecord.TOKEN, 1e-5, 1, 10,
                Conversion.STANDARD);
        assertTrue(token.summary().contains("-DP for each patch token over 10 releases"), token.summary());
        assertTrue(token.summary().contains("L2 sensitivity C and gets noise σ·C per value"), token.summary());
        assertTrue(token.summary().contains("protects a single patch, not the image"), token.summary());
        assertEquals(DpRecord.TOKEN, token.record());
        // the same σ and releases give the same ε: what changes is what it protects and the noise per value
        assertEquals(DpGuarantee.account(1.0, 1.0, ClipUnit.TOKEN, DpRecord.IMAGE, 1e-5, 1, 10, Conversion.STANDARD)
                .epsilonComposed(), token.epsilonComposed());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DpGuarantee.account(1.0, 1.0, ClipUnit.IMAGE,
                DpRecord.TOKEN, 1e-5, 1, 10, Conversion.STANDARD)).getMessage().startsWith("dp.record = token"));
    }

    @Test
    void noNoiseIsReportedAsNoGuarantee() {
        DpGuarantee g = DpGuarantee.account(0.0, 1.0, ClipUnit.IMAGE, DpRecord.IMAGE, 1e-5, 1, 10, Conversion.STANDARD);
        assertEquals(Double.POSITIVE_INFINITY, g.epsilonComposed());
        assertTrue(g.summary().startsWith("No DP guarantee (ε = ∞): dp.noiseMultiplier = 0"), g.summary());
    }

    @Test
    void inconsistentReleaseCountsAreRefused() {
        assertEquals("releases: 2 per round and 1 per image; expected 0 ≤ per round ≤ per image",
                assertThrows(IllegalArgumentException.class,
                        () -> DpGuarantee.account(1.0, 1.0, ClipUnit.IMAGE, DpRecord.IMAGE, 1e-5, 2, 1, Conversion.STANDARD)).getMessage());
        assertEquals("dp.clipNorm = 0.0: expected a positive number", assertThrows(IllegalArgumentException.class,
                () -> DpGuarantee.account(1.0, 0.0, ClipUnit.IMAGE, DpRecord.IMAGE, 1e-5, 1, 1, Conversion.STANDARD)).getMessage());
    }
}
