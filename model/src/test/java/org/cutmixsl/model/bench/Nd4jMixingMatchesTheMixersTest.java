package org.cutmixsl.model.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.MixupMixer;
import org.cutmixsl.model.plan.GroupPlan;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ND4J baseline that ModelBench times computes what the mixers compute, so the comparison is like for like. */
class Nd4jMixingMatchesTheMixersTest {

    @Test
    void cutMixScatterAndGatherGiveTheMixersResults() {
        GroupPlan g = BenchInputs.group();
        CutMixMixer mixer = new CutMixMixer();
        DecodedTokens[] uploads = BenchInputs.decodedUploads(mixer, g, Encoding.FP32);
        float[] want = new float[BenchInputs.FLOATS];
        mixer.mixTokensInto(g, uploads, want);
        float[] grad = BenchInputs.tokens(7);
        float[][] wantRows = new float[2][];
        for (int k = 0; k < 2; k++) {
            wantRows[k] = new float[uploads[k].rows().length];
        }
        mixer.splitRowsInto(g, grad, BenchInputs.D, wantRows);

        int rows = BenchInputs.B * BenchInputs.P;
        try (Nd4jMixing nd4j = new Nd4jMixing(g);
                INDArray batch = Nd4j.create(DataType.FLOAT, rows, BenchInputs.D);
                INDArray r0 = Nd4j.create(uploads[0].rows(), new long[] {uploads[0].rows().length / BenchInputs.D, BenchInputs.D}, DataType.FLOAT);
                INDArray r1 = Nd4j.create(uploads[1].rows(), new long[] {uploads[1].rows().length / BenchInputs.D, BenchInputs.D}, DataType.FLOAT);
                INDArray gradient = Nd4j.create(grad, new long[] {rows, BenchInputs.D}, DataType.FLOAT)) {
            nd4j.cutMixScatter(batch, new INDArray[] {r0, r1});
            assertArrayEquals(want, batch.data().asFloat());
            INDArray[] got = nd4j.cutMixGather(gradient);
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(wantRows[k], got[k].data().asFloat());
                got[k].close();
            }
        }
    }

    @Test
    void mixupCombineAndSplitGiveTheMixersResults() {
        GroupPlan g = BenchInputs.group();
        MixupMixer mixer = new MixupMixer();
        DecodedTokens[] uploads = BenchInputs.decodedUploads(mixer, g, Encoding.FP32);
        float[] want = new float[BenchInputs.FLOATS];
        mixer.mixTokensInto(g, uploads, want);
        float[] grad = BenchInputs.tokens(7);
        float[][] wantRows = {new float[BenchInputs.FLOATS], new float[BenchInputs.FLOATS]};
        mixer.splitRowsInto(g, grad, BenchInputs.D, wantRows);

        long wide = (long) BenchInputs.P * BenchInputs.D;
        try (Nd4jMixing nd4j = new Nd4jMixing(g);
                INDArray out = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide);
                INDArray scratch = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide);
                INDArray s0 = Nd4j.create(uploads[0].rows(), new long[] {BenchInputs.B, wide}, DataType.FLOAT);
                INDArray s1 = Nd4j.create(uploads[1].rows(), new long[] {BenchInputs.B, wide}, DataType.FLOAT);
                INDArray gradient = Nd4j.create(grad, new long[] {BenchInputs.B, wide}, DataType.FLOAT);
                INDArray g0 = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide);
                INDArray g1 = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide)) {
            nd4j.mixupCombine(out, new INDArray[] {s0, s1}, scratch);
            assertArrayEquals(want, out.data().asFloat(), 1e-6f);
            nd4j.mixupSplit(gradient, new INDArray[] {g0, g1});
            assertArrayEquals(wantRows[0], g0.data().asFloat());
            assertArrayEquals(wantRows[1], g1.data().asFloat());
        }
    }
}
