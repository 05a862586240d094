package org.cutmixsl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The native environment of the launcher (conf/native-env) and of the tests (Surefire's environmentVariables in
 * the parent pom) are two copies, because Maven cannot read the file: this keeps them equal.
 */
class NativeEnvAgreesWithPom {

    @Test
    void sameVariablesAndValues() throws Exception {
        Path root = RepoRoot.find();
        Map<String, String> fromConf = new TreeMap<>();
        for (String line : Files.readAllLines(root.resolve("conf/native-env"))) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                fromConf.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            }
        }
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher block = Pattern.compile("<environmentVariables>(.*?)</environmentVariables>", Pattern.DOTALL).matcher(pom);
        assertTrue(block.find(), "pom.xml has no Surefire environmentVariables");
        Map<String, String> fromPom = new TreeMap<>();
        Matcher entry = Pattern.compile("<([A-Z_]+)>([^<]*)</\\1>").matcher(block.group(1));
        while (entry.find()) {
            fromPom.put(entry.group(1), entry.group(2).replace("${test.omp.threads}", testOmpThreads(pom)));
        }
        fromPom.remove("CUTMIXSL_HOME");
        assertTrue(fromConf.containsKey("MALLOC_MMAP_THRESHOLD_"), fromConf.toString());
        assertEquals(fromConf, fromPom);
    }

    private static String testOmpThreads(String pom) {
        Matcher m = Pattern.compile("<test.omp.threads>([^<]*)</test.omp.threads>").matcher(pom);
        assertTrue(m.find());
        return m.group(1);
    }
}
