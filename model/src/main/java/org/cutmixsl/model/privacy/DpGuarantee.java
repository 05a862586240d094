package org.cutmixsl.model.privacy;

import java.util.Locale;

/**
 * The differential-privacy guarantee of a DP-CutMixSL run, as the summary and the report state it: the
 * Gaussian mechanism's parameters, how often each image was sent, and (ε, δ) for one round and for the whole
 * run from {@link RdpAccountant}.
 *
 * <p>One record is one image, or one patch token of one image ({@link DpRecord}), and two datasets are neighbours
 * when one holds a record the other does not. What one record's release can move by when it is added or removed is
 * its sensitivity ({@link DpRecord#sensitivity}: for an image, C when its kept tokens together are clipped to C,
 * C·√k when each of its k kept tokens is; for a token, C), and the noise on it has standard deviation σ times that
 * sensitivity, so σ means the same for every setting and the accountant's ε is exact for the stated record. A token
 * is released at most as often as its image, so the image's release count bounds the token's. Replacing one record
 * by another can move the upload by twice as much; that reading of the same run is the guarantee of σ/2. σ = 0
 * (clipping only) gives no guarantee: ε = ∞.
 *
 * @param noiseMultiplier σ (noise standard deviation σ times the sensitivity, per sent value)
 * @param clipNorm C
 * @param clipUnit what is clipped to C: each kept token or each image's kept tokens together
 * @param record what one record is: an image or one patch token of an image
 * @param delta δ
 * @param releasesPerRound how many times an image is sent in one round at most (1 unless a client's batch is
 *     larger than its data)
 * @param releasesPerImage how many times an image is sent over the whole run at most
 * @param epsilonPerRound ε of one round's releases of an image
 * @param orderPerRound the Rényi order that gave {@code epsilonPerRound}
 * @param epsilonComposed ε of all releases of an image over the run
 * @param orderComposed the Rényi order that gave {@code epsilonComposed}
 * @param conversion the RDP to (ε, δ) conversion used
 */
public record DpGuarantee(
        double noiseMultiplier,
        double clipNorm,
        ClipUnit clipUnit,
        DpRecord record,
        double delta,
        long releasesPerRound,
        long releasesPerImage,
        double epsilonPerRound,
        double orderPerRound,
        double epsilonComposed,
        double orderComposed,
        RdpAccountant.Conversion conversion) {

    /** What the guarantee covers and what it does not, in one sentence for summaries and reports. */
    public static final String COVERS = "The guarantee covers the smashed-data channel only: labels are sent in"
            + " the clear and head weights are averaged without noise, so neither is protected.";

    /**
     * Accounts a run.
     *
     * @param noiseMultiplier σ ({@code dp.noiseMultiplier}), ≥ 0
     * @param clipNorm C ({@code dp.clipNorm}), &gt; 0
     * @param clipUnit {@code dp.clipUnit}
     * @param record {@code dp.record}
     * @param delta δ ({@code dp.delta}) in (0, 1)
     * @param releasesPerRound how many times an image is sent in one round at most, ≥ 0
     * @param releasesPerImage how many times an image is sent over the run at most, ≥ releasesPerRound
     * @param conversion the RDP to (ε, δ) conversion
     * @return the guarantee
     */
    public static DpGuarantee account(double noiseMultiplier, double clipNorm, ClipUnit clipUnit, DpRecord record,
                                      double delta, long releasesPerRound, long releasesPerImage,
                                      RdpAccountant.Conversion conversion) {
        if (clipUnit == null) {
            throw new IllegalArgumentException("dp.clipUnit: a unit is required");
        }
        if (record == null) {
            throw new IllegalArgumentException("dp.record: a record is required");
        }
        record.check(clipUnit);
        if (!(clipNorm > 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("dp.clipNorm = " + clipNorm + ": expected a positive number");
        }
        if (releasesPerRound < 0 || releasesPerImage < releasesPerRound) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "releases: %d per round and %d per image; expected 0 ≤ per round ≤ per image",
                    releasesPerRound, releasesPerImage));
        }
        RdpAccountant accountant = new RdpAccountant(noiseMultiplier, conversion);
        RdpAccountant.Epsilon round = accountant.composed(releasesPerRound, delta);
        RdpAccountant.Epsilon run = accountant.composed(releasesPerImage, delta);
        return new DpGuarantee(noiseMultiplier, clipNorm, clipUnit, record, delta, releasesPerRound, releasesPerImage,
                round.epsilon(), round.order(), run.epsilon(), run.order(), conversion);
    }

    /** @return what the guarantee covers: the smashed-data channel only */
    public String covers() {
        return COVERS;
    }

    /** @return whether the run has a guarantee at all (σ &gt; 0); σ = 0 clips without noise */
    public boolean guaranteed() {
        return noiseMultiplier > 0;
    }

    /** @return one line for a summary, for instance "(ε = 3.21, δ = 1e-05)-DP over 20 releases per image ..." */
    public String summary() {
        if (!guaranteed()) {
            return String.format(Locale.ROOT,
                    "No DP guarantee (ε = ∞): dp.noiseMultiplier = 0, so tokens are clipped (C = %s, per %s) but no"
                            + " noise is added. %s",
                    clipNorm, clipUnit.configName(), COVERS);
        }
        return String.format(Locale.ROOT,
                "(ε = %s, δ = %s)-DP for each %s over %d release%s (ε = %s per round of %d release%s);"
                        + " Gaussian mechanism σ = %s, C = %s, clipped per %s (%s), adding or removing one %s;"
                        + " RDP accountant, %s, no subsampling amplification. %s",
                format(epsilonComposed), delta, record.noun(), releasesPerImage, releasesPerImage == 1 ? "" : "s",
                format(epsilonPerRound), releasesPerRound,
                releasesPerRound == 1 ? "" : "s", noiseMultiplier, clipNorm, clipUnit.configName(),
                record.statement(clipUnit), record.noun(), conversion.formula(), COVERS);
    }

    private static String format(double epsilon) {
        return Double.isInfinite(epsilon) ? "∞ (no noise)" : String.format(Locale.ROOT, "%.4g", epsilon);
    }
}
