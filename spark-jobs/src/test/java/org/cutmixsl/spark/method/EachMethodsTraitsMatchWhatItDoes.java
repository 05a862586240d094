package org.cutmixsl.spark.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cutmixsl.model.mixer.ConcatBatcher;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.MixupMixer;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * What a method's name says about it (SplitMethods.Traits, read by the study, the report and the bare loop, which
 * hold names) agrees with what the configured method does: how its server mixes, whether clients transform
 * their uploads, how heads are kept and described, and which method it is judged against.
 */
class EachMethodsTraitsMatchWhatItDoes {

    private static final int[] COUNTS = {600, 600, 600, 600};
    private static final PatchGrid GRID = PatchGrid.of(28, 28, 4);

    private static SplitMethod method(String name, int headAggregateEvery) {
        List<String> overrides = new ArrayList<>(List.of("method=" + name, "clients.count=4", "clients.perRound=4",
                "train.rounds=30", "clients.batchSize=16", "head.aggregateEvery=" + headAggregateEvery));
        TrainConfig config = ConfigLoader.load(null, overrides);
        return SplitMethods.create(config, COUNTS);
    }

    @Test
    void everyNameHasTraitsAndNothingElseHas() {
        for (String name : SplitMethods.NAMES) {
            assertNotNull(SplitMethods.traits(name), name);
            assertEquals(name, SplitMethods.traits(name).name());
            assertEquals(name, method(name, 1).name());
        }
        assertNull(SplitMethods.traits("fedsgd"));
    }

    @Test
    void mixingIsTheServersMixerAndOnlyDpTransformsUploads() {
        for (String name : SplitMethods.NAMES) {
            SplitMethods.Traits traits = SplitMethods.traits(name);
            SplitMethod method = method(name, 1);
            int[] clients = name.equals("centralized") ? new int[] {SplitMethod.POOLED_CLIENT} : new int[] {0, 1, 2, 3};
            StepLayout layout = method.layout(7, 3, 0, clients, 16, GRID);
            Class<?> mixer = switch (traits.mixing()) {
                case NONE -> ConcatBatcher.class;
                case MIXUP -> MixupMixer.class;
                case CUTMIX -> CutMixMixer.class;
            };
            assertEquals(mixer, layout.mixer().getClass(), name);
            assertEquals(traits.mixing() == SplitMethods.Mixing.CUTMIX, traits.cutMix(), name);
            boolean transforms = method.transform(layout, clients[0], 7, 3, 0) != SmashedTransform.IDENTITY;
            assertEquals(transforms, traits.transformsUploads(), name);
        }
        assertEquals(List.of("cutmixsl", "dp-cutmixsl"),
                SplitMethods.NAMES.stream().filter(n -> SplitMethods.traits(n).cutMix()).toList());
    }

    @Test
    void headsAreKeptAndDescribedAsTheTraitsSay() {
        Map<SplitMethods.Heads, String> fixed = Map.of(SplitMethods.Heads.POOLED, "pooled",
                SplitMethods.Heads.HANDED_ON, "handed on", SplitMethods.Heads.PER_CLIENT, "per client",
                SplitMethods.Heads.FEDAVG_EVERY_ROUND, "fedavg every round");
        for (String name : SplitMethods.NAMES) {
            SplitMethods.Traits traits = SplitMethods.traits(name);
            List<String> described = new ArrayList<>();
            for (int every : new int[] {0, 1, 3}) {
                described.add(method(name, every).headPolicy().description());
            }
            if (traits.heads() == SplitMethods.Heads.CONFIGURED) {
                assertEquals(List.of("per client", "fedavg every round", "fedavg every 3 rounds"), described, name);
            } else {
                String heads = fixed.get(traits.heads());
                assertEquals(List.of(heads, heads, heads), described, name + ": head.aggregateEvery is not its to set");
            }
        }
    }

    @Test
    void eachMethodNamesTheCounterpartOfSpecSection8() {
        for (String name : SplitMethods.NAMES) {
            SplitMethods.Traits traits = SplitMethods.traits(name);
            List<String> expected = switch (name) {
                case "cutmixsl" -> List.of("psl", "sfl");
                case "mixsl" -> List.of("sfl", "sfl");
                case "dp-cutmixsl" -> List.of("cutmixsl", "cutmixsl");
                default -> Arrays.asList(null, null);
            };
            assertEquals(expected, Arrays.asList(method(name, 0).counterpart(), method(name, 1).counterpart()), name);
            assertEquals(expected, Arrays.asList(traits.counterpart(true), traits.counterpart(false)), name);
            assertEquals(name.equals("dp-cutmixsl"), traits.counterpartHasTheSameHeads(), name);
        }
    }
}
