package org.cutmixsl.model.export;

import java.util.List;
import java.util.Objects;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VisionTransformer;

/**
 * What an exported model is and where it came from: the model's shape, its class names, which head it carries and
 * the provenance of the run that trained it. Written next to the parameters as {@code vit.properties}.
 *
 * @param config the model shape (its name is the preset, or "custom")
 * @param classNames one name per class, indexed by label
 * @param head {@code global} (the averaged or handed-on head) or {@code client K} (client K's own head)
 * @param method the split method that trained it
 * @param round the last round the parameters include
 * @param configHash the SHA-256 of the run's resolved configuration
 * @param seed the run's seed
 * @param source where the parameters were read from (the run directory)
 * @param clip the clipping the body was trained and evaluated behind (DP-CutMixSL), applied between head and body;
 *     null for none
 */
public record ModelInfo(ViTConfig config, List<String> classNames, String head, String method, int round,
                        String configHash, long seed, String source, DpClip clip) {

    /** The head label of a model that carries the global head. */
    public static final String GLOBAL_HEAD = "global";

    /** Checks that the class names fit the model. */
    public ModelInfo {
        Objects.requireNonNull(config, "config");
        classNames = List.copyOf(classNames);
        if (classNames.size() != config.classes()) {
            throw new IllegalArgumentException(classNames.size() + " class names for a model of " + config.classes()
                    + " classes");
        }
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(source, "source");
    }

    /** A model with nothing between head and body. */
    public ModelInfo(ViTConfig config, List<String> classNames, String head, String method, int round,
                     String configHash, long seed, String source) {
        this(config, classNames, head, method, round, configHash, seed, source, null);
    }

    /**
     * The block to load this model's parameters into: head, the clip if any, body and tail.
     *
     * @return a new, uninitialised block
     */
    public VisionTransformer block() {
        return clip == null ? new VisionTransformer(config) : new VisionTransformer(config, t -> clip.apply(t, false));
    }

    /**
     * @param client a client id
     * @return the head label of client {@code client}'s own head
     */
    public static String clientHead(int client) {
        return "client " + client;
    }

    /**
     * @param classes number of classes
     * @return "0", "1", ...: names for a dataset whose class names are unknown
     */
    public static List<String> indexNames(int classes) {
        String[] names = new String[classes];
        for (int i = 0; i < classes; i++) {
            names[i] = Integer.toString(i);
        }
        return List.of(names);
    }
}
