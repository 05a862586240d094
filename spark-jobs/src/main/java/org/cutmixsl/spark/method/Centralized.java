package org.cutmixsl.spark.method;

import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.spark.heads.HandoverHead;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.links.SimulatedTime;
import org.cutmixsl.spark.links.StepCost;

/**
 * Centralized training: the pooled training data and one model at the server. It runs as one pooled
 * "client" whose head is co-located with the server: the split is exact (the model module's tests prove
 * it), FP32 keeps the cut lossless, and nothing is counted as communication. A round makes as many
 * optimiser steps of batch B as the split methods have participants, so epochs are equal and
 * centralized takes more optimiser steps (SPEC section 5).
 */
final class Centralized extends BaseMethod {

    private static final long serialVersionUID = 1L;

    private final int stepsPerRound;

    Centralized(int stepsPerRound) {
        super("centralized", Encoding.FP32, new HandoverHead(false), UNMIXED);
        this.stepsPerRound = stepsPerRound;
    }

    @Override
    public List<int[]> steps(int[] participants, int round) {
        List<int[]> steps = new ArrayList<>();
        for (int i = 0; i < stepsPerRound; i++) {
            steps.add(new int[] {POOLED_CLIENT});
        }
        return steps;
    }

    /** Nothing is sent and the model is at the server: the measured computation of every step, no link. */
    @Override
    public double simulatedSeconds(List<StepCost> steps, LinkProfiles links) {
        double seconds = 0;
        for (StepCost step : steps) {
            seconds += SimulatedTime.atTheServer(step);
        }
        return seconds;
    }

    @Override
    public boolean communicates() {
        return false;
    }

    @Override
    public boolean readsPooledData() {
        return true;
    }

    @Override
    public long minibatchIndex(int round, int step) {
        return (long) round * stepsPerRound + step;
    }

    @Override
    public int clientStepsPerRound() {
        return stepsPerRound;
    }

    @Override
    public int serverStepsPerRound(int participantsPerRound) {
        return stepsPerRound;
    }

    @Override
    public String privacyNote() {
        return "all data is pooled at the server: no privacy at all (the reference for accuracy)";
    }
}
