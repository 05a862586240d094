package org.cutmixsl.spark.method;

import java.io.Serializable;
import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.heads.HeadPolicy;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.links.StepCost;

/**
 * One split method of SPEC section 5. The round loop runs every method the same way: for each of the
 * method's {@link #steps} it runs client forward (what clients upload: {@link StepLayout#selection} and
 * {@link #transform}), the server step (how the server builds its batch: the layout's mixer), client
 * backward, then the {@link #headPolicy}. It never asks which method it runs.
 *
 * <p>Implementations are small, immutable and serializable: they travel inside Spark's task closures.
 */
public interface SplitMethod extends Serializable {

    /** Client id of the pooled training data that centralized training reads. */
    int POOLED_CLIENT = -1;

    /** @return the method's configuration name */
    String name();

    /**
     * @param participants this round's clients, ascending
     * @param round the round
     * @return the round's steps, each the clients processed together
     */
    List<int[]> steps(int[] participants, int round);

    /**
     * How a step's clients are grouped, what each sends and how the server mixes each group. A pure
     * function of its arguments.
     *
     * @param seed the run's seed
     * @param round the round
     * @param step the step
     * @param clients the step's clients
     * @param batch B
     * @param grid the patch grid
     * @return the layout
     */
    StepLayout layout(long seed, int round, int step, int[] clients, int batch, PatchGrid grid);


    /**
     * @param layout the step's layout
     * @param client the client
     * @param seed the run's seed
     * @param round the round
     * @param step the step
     * @return what the client applies to its smashed data before the upload
     */
    SmashedTransform transform(StepLayout layout, int client, long seed, int round, int step);

    /**
     * The baseline this method is judged against head to head (SPEC section 8): CutMixSL with per-client heads
     * against PSL, with averaged heads against SFL; MixSL against SFL; DP-CutMixSL against CutMixSL with the same
     * heads.
     *
     * @return the counterpart's method name, or null for a baseline
     */
    default String counterpart() {
        return SplitMethods.traits(name()).counterpart(headPolicy().perClientHeads());
    }

    /**
     * What evaluation applies between head and body on unpunched test images: the deterministic part of the
     * client transform the body trained on (SPEC section 6). Called where the evaluation runs (an executor).
     *
     * @return the transform, without noise; identity by default
     */
    default SmashedTransform evaluationTransform() {
        return SmashedTransform.IDENTITY;
    }

    /** @return what happens to heads after each step */
    HeadPolicy headPolicy();

    /**
     * The simulated seconds of one round (issue 17): how this method's steps, transfers and synchronisation follow
     * each other in time, from what they measurably cost and the clients' links.
     *
     * @param steps the round's steps, in order, with their measured costs
     * @param links the clients' links
     * @return the round's simulated seconds
     */
    double simulatedSeconds(List<StepCost> steps, LinkProfiles links);

    /** @return the encoding of uploads and gradients */
    Encoding encoding();

    /** @return whether uploads and downloads are communication (false when data is already at the server) */
    boolean communicates();

    /** @return whether clients read the pooled training data instead of their own shards */
    boolean readsPooledData();

    /**
     * Which minibatch of its endless epoch sequence a client uses: clients take one per round, so the
     * round; centralized training takes several per round from the pooled data.
     *
     * @param round the round
     * @param step the step within the round
     * @return the minibatch index
     */
    long minibatchIndex(int round, int step);

    /** @return optimiser steps a client head takes per round it takes part in */
    int clientStepsPerRound();

    /** @return server optimiser steps per round (the schedule's length is rounds × this) */
    int serverStepsPerRound(int participantsPerRound);

    /** @return one line on what this method protects and what it does not, for summaries and reports */
    String privacyNote();

    /**
     * The formal guarantee of the smashed-data channel, for methods that add noise.
     *
     * @param releasesPerRound how many times an image is sent in one round at most
     * @param releasesPerImage how many times an image is sent over the run at most
     * @return the (ε, δ) guarantee, or null when the method makes none
     */
    default org.cutmixsl.model.privacy.DpGuarantee guarantee(long releasesPerRound, long releasesPerImage) {
        return null;
    }

    /** @return the ε the noise multiplier was solved for ({@code dp.targetEpsilon}), 0 when σ was configured */
    default double targetEpsilon() {
        return 0;
    }
}
