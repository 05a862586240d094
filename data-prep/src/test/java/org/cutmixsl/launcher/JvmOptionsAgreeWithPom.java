package org.cutmixsl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher's JVM flags (conf/jvm-options) and the tests' (the parent pom's spark.jvm.opens and native.jvm.props)
 * are two copies of one list, because Maven cannot read the file. This test keeps them equal. It lives in data-prep
 * because that is the lightest module; it checks the repository, not data-prep's code.
 */
class JvmOptionsAgreeWithPom {

    @Test
    void sameFlagsInTheSameOrder() throws Exception {
        Path root = RepoRoot.find();
        String pom = Files.readString(root.resolve("pom.xml"));
        List<String> fromPom = new ArrayList<>();
        fromPom.addAll(tokens(property(pom, "spark.jvm.opens")));
        fromPom.addAll(tokens(property(pom, "native.jvm.props").replace("${native.cache.dir}", "${CUTMIXSL_CACHE}")));

        List<String> fromConf = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("conf/jvm-options"))) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                fromConf.add(option);
            }
        }

        assertTrue(fromConf.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), fromConf.toString());
        assertEquals(fromPom, fromConf);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(pom);
        assertTrue(m.find(), "pom.xml has no property " + name);
        return m.group(1);
    }

    private static List<String> tokens(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }
}
