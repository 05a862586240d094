package org.cutmixsl.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gpu/use-torch.sh, which puts DJL on a node's own libtorch (how TorchCheck ran on a GPU node): the exports it prints
 * for a torch package, read from its version.py, with a JNI already built in its work folder (building one needs
 * libtorch's headers, which the suite does not have); and one line naming the input for each thing that is wrong.
 */
class UseTorchScriptPointsDjlAtAnotherLibtorch {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("gpu/use-torch.sh"))) {
            root = root.getParent();
        }
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("gpu/use-torch.sh").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "use-torch.sh did not finish");
        return new Result(p.exitValue(), out, err);
    }

    /** A torch package's layout: version.py, lib/ with libtorch.so and libc10.so (empty files will do here). */
    private Path torchPackage(String version, String cuda) throws IOException {
        Path torch = Files.createDirectories(dir.resolve("site-packages/torch"));
        Files.createDirectories(torch.resolve("lib"));
        Files.writeString(torch.resolve("lib/libtorch.so"), "");
        Files.writeString(torch.resolve("lib/libc10.so"), "");
        Files.writeString(torch.resolve("version.py"), "__version__ = '" + version + "'\ndebug = False\n"
                + "cuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'") + "\n");
        return torch;
    }

    @Test
    void aCudaPackagesVersionAndFlavourAreExportedWithAFolderOfLinksAndTheJni() throws Exception {
        Path torch = torchPackage("2.11.0+cu130", "13.0");
        Path src = Files.createDirectories(dir.resolve("jni-src/native"));
        Path jni = Files.createDirectories(dir.resolve("work/2.11.0-cu130"));
        Files.writeString(jni.resolve("libdjl_torch.so"), "built earlier");
        Result r = run(torch.toString(), src.getParent().toString(), dir.resolve("work").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("PYTORCH_VERSION='2.11.0'"), r.out());
        assertTrue(r.out().contains("PYTORCH_FLAVOR='cu130'"), r.out());
        assertTrue(r.out().contains("PYTORCH_LIBRARY_PATH='" + jni.resolve("torchlib") + "'"), r.out());
        assertTrue(r.out().contains("LD_LIBRARY_PATH='" + torch.resolve("lib")), r.out());
        assertTrue(Files.isSymbolicLink(jni.resolve("torchlib/libtorch.so")), "libtorch.so linked, not copied");
        assertEquals("built earlier", Files.readString(jni.resolve("torchlib/libdjl_torch.so")));
    }

    @Test
    void aCpuPackageIsTheCpuFlavour() throws Exception {
        Path torch = torchPackage("2.13.0+cpu", null);
        Path src = Files.createDirectories(dir.resolve("jni-src/native"));
        Files.createDirectories(dir.resolve("work/2.13.0-cpu"));
        Files.writeString(dir.resolve("work/2.13.0-cpu/libdjl_torch.so"), "");
        Result r = run(torch.toString(), src.getParent().toString(), dir.resolve("work").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("PYTORCH_VERSION='2.13.0' PYTORCH_FLAVOR='cpu'"), r.out());
    }

    @Test
    void eachWrongInputIsNamed() throws Exception {
        Path notThere = dir.resolve("no-such-torch");
        Result missing = run(notThere.toString(), "src");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains(notThere + " is not a folder"), missing.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result noLibtorch = run(empty.toString(), "src");
        assertEquals(2, noLibtorch.exitCode());
        assertTrue(noLibtorch.err().contains(empty.resolve("lib/libtorch.so") + " not found"), noLibtorch.err());

        Path torch = torchPackage("2.11.0+cu130", "13.0");
        Result noSource = run(torch.toString(), dir.resolve("jni-src").toString());
        assertEquals(2, noSource.exitCode());
        assertTrue(noSource.err().contains(dir.resolve("jni-src/native") + " not found"), noSource.err());

        Files.delete(torch.resolve("version.py"));
        Files.createDirectories(dir.resolve("jni-src/native"));
        Result noVersion = run(torch.toString(), dir.resolve("jni-src").toString());
        assertEquals(2, noVersion.exitCode());
        assertTrue(noVersion.err().contains("neither version.py"), noVersion.err());
    }
}
