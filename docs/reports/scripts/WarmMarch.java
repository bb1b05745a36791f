import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 15: the solver's own time of a dln command run several times in one JVM (the first run compiles the code, the
 * later ones are the steady state a benchmark reports), for any dln jar, the baseline dda2e47 included (its
 * DlnCommand.execute(out, err, args) has the same signature). Prints one line per run: the report's wall_seconds.
 *
 * Usage: OPENBLAS_NUM_THREADS=1 java -Xmx8g docs/reports/scripts/WarmMarch.java JAR RUNS OUT.json dln-args...
 *   e.g. ... WarmMarch.java linear/target/dln.jar 4 /tmp/m.json solve -L 3 -g 1 --x x8.csv --y ... -T 400 --eta 0.01
 * (the jar's lib/ folder next to it is put on the class path; the output document is written with -o OUT.json --json)
 */
public class WarmMarch {
    public static void main(String[] a) throws Exception {
        File jar = new File(a[0]);
        int runs = Integer.parseInt(a[1]);
        String out = a[2];
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toURI().toURL());
        File[] libs = new File(jar.getParentFile(), "lib").listFiles();
        if (libs != null) {
            for (File f : libs) {
                urls.add(f.toURI().toURL());
            }
        }
        ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(cl);
        Method exec = cl.loadClass("org.dln.linear.cli.DlnCommand").getMethod("execute", PrintStream.class, PrintStream.class,
                String[].class);
        List<String> args = new ArrayList<>(List.of(a).subList(3, a.length));
        args.addAll(List.of("--json", "-o", out));
        Pattern wall = Pattern.compile("\"wall_seconds\"\\s*:\\s*([0-9.eE+-]+)");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        for (int r = 1; r <= runs; r++) {
            long t0 = System.nanoTime();
            int code = (Integer) exec.invoke(null, sink, System.err, (Object) args.toArray(new String[0]));
            double total = (System.nanoTime() - t0) * 1e-9;
            Matcher m = wall.matcher(Files.readString(Path.of(out)));
            System.out.printf("run %d exit %d solver %s s, command in-process %.3f s%n", r, code, m.find() ? m.group(1) : "?", total);
        }
        System.exit(0);
    }
}
