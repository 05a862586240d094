package scratch;

import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.cutmixsl.model.vit.*;
import org.junit.jupiter.api.Test;

class DebugParams {
    @Test
    void dump() {
        ViTConfig config = ViTConfig.preset("fmnist-tiny");
        try (NDManager m = NDManager.newBaseManager()) {
            VisionTransformer whole = new VisionTransformer(config);
            whole.initialize(m, DataType.FLOAT32, whole.head().inputShape(2));
            ParameterInit.apply(whole, 42, "");
            ViTHead head = new ViTHead(config);
            head.initialize(m, DataType.FLOAT32, head.inputShape(2));
            ParameterInit.apply(head, 42, "head");
            for (Pair<String, Parameter> p : whole.getParameters()) {
                System.out.println("W " + p.getKey() + " " + p.getValue().getShape() + " " + p.getValue().getArray().sum().getFloat());
            }
            for (Pair<String, Parameter> p : head.getParameters()) {
                System.out.println("H " + p.getKey() + " " + p.getValue().getShape() + " " + p.getValue().getArray().sum().getFloat());
            }
            NDArray x = m.randomUniform(-1, 1, head.inputShape(2));
            System.out.println("head out " + head.apply(x, false).sum().getFloat() + " whole head " + whole.head().apply(x, false).sum().getFloat());
        }
    }
}
