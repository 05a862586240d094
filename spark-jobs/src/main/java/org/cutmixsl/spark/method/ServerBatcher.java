package org.cutmixsl.spark.method;

import java.io.Serializable;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.MixedBatch;

/** How the server turns one group's decoded uploads into a batch, and its gradient back into payloads. */
public interface ServerBatcher extends Serializable {

    /**
     * @param layout the step's layout
     * @param group the group index
     * @param payloads the members' upload payloads, in member order
     * @param labels the members' labels, in member order
     * @param classes number of classes
     * @return the group's batch (closed by the caller)
     */
    MixedBatch mix(StepLayout layout, int group, byte[][] payloads, int[][] labels, int classes);

    /**
     * @param layout the step's layout
     * @param group the group index
     * @param gradTokens ∂L/∂X̃ of the group's batch (B, P, D)
     * @param dim D
     * @param encoding the payload encoding
     * @return one gradient payload per member, in member order
     */
    byte[][] split(StepLayout layout, int group, float[] gradTokens, int dim, Encoding encoding);
}
