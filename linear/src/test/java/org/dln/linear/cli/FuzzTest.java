package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz test of the command line (issue 14): {@value #CASES} generated cases of malformed problem files, matrix
 * files and flags, run in-process on tiny problems. Every case must end within {@value #CASE_SECONDS} s, print no stack
 * trace and no Java exception name, and never exit 0 with a non-finite number in its output; of the runs refused as bad
 * input (exit 2), at least 95 % must name the offending field or option in quotes. The seed is fixed, so a failure is
 * reproducible: the message lists the failing cases with their command lines and files.
 */
class FuzzTest {
    static final int CASES = 520;
    static final int CASE_SECONDS = 20;
    private static final Pattern NAMED = Pattern.compile("'[^']+'");
    private static final Pattern NON_FINITE = Pattern.compile("\\b(NaN|-?Infinity)\\b");

    @TempDir
    Path dir;

    record Case(String name, List<String> args) { }

    @Test
    void malformedInputIsRefusedWithANamedFieldAndNeverCrashes() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261207L);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(generate(i, rnd));
        }
        List<String> failures = new ArrayList<>();
        int refused = 0, named = 0, ok = 0, failed = 0;
        List<String> unnamed = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Case c : cases) {
                Future<Outcome> f = pool.submit(() -> Outcome.run(c.args().toArray(new String[0])));
                Outcome o;
                try {
                    o = f.get(CASE_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add("CRASH " + e.getCause() + ": " + c);
                    continue;
                } catch (java.util.concurrent.TimeoutException e) {
                    f.cancel(true);
                    failures.add("HANG > " + CASE_SECONDS + " s: " + c);
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor();
                    continue;
                }
                String all = o.out() + o.err();
                if (all.contains("\tat ") || all.matches("(?s).*\\b(java|javax|jdk)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*")) {
                    failures.add("STACK TRACE / JAVA EXCEPTION (exit " + o.code() + "): " + c + "\n    " + firstLines(o.err()));
                }
                if (o.code() == 0 && NON_FINITE.matcher(o.out()).find()) {
                    failures.add("EXIT 0 WITH A NON-FINITE NUMBER: " + c);
                }
                if (o.code() == 2) {
                    refused++;
                    if (NAMED.matcher(o.err()).find()) {
                        named++;
                    } else {
                        unnamed.add(c + "\n    " + firstLines(o.err()));
                    }
                } else if (o.code() == 0) {
                    ok++;
                } else {
                    failed++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        String summary = String.format(Locale.ROOT, "%d cases: %d refused (exit 2, %d naming the field), %d exit 0, %d exit 1",
                cases.size(), refused, named, ok, failed);
        System.out.println("FuzzTest: " + summary);
        assertTrue(failures.isEmpty(), summary + "\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        assertTrue(refused >= CASES / 2, "most generated cases are malformed: " + summary);
        assertTrue(named >= 0.95 * refused, summary + "; unnamed:\n" + String.join("\n", unnamed.subList(0, Math.min(30, unnamed.size()))));
    }

    private static String firstLines(String s) {
        String[] lines = s.split("\n");
        return String.join(" | ", java.util.Arrays.copyOf(lines, Math.min(3, lines.length)));
    }

    // ---- the generator ------------------------------------------------------------------------------------------------

    /** Commands that take a problem, with the extra flags that keep them tiny and fast. */
    private static final String[][] COMMANDS = {
        {"solve"}, {"solve", "--approx", "gia"}, {"solve", "--approx", "lazy"}, {"flow", "--t-max", "1", "--nodes", "6"},
        {"sample", "--samples", "400", "--threads", "1"}, {"decay", "--weight-decay", "0.2"}, {"bayes", "--beta", "4"},
        {"simulate", "-N", "16", "--seeds", "2", "--threads", "1"},
    };

    /** A valid tiny problem: P = 2, D = 3, L = 1, T = 4. */
    private static String validProblem() {
        return "{\"X\": [[1.0, 0.2, -0.3], [0.1, 1.0, 0.4]], \"y\": [1.0, -0.5], \"L\": 1, \"gamma0\": 1.0, \"eta\": 0.1, \"T\": 4}";
    }

    private Case generate(int i, SplittableRandom rnd) throws Exception {
        String[] base = COMMANDS[rnd.nextInt(COMMANDS.length)];
        List<String> args = new ArrayList<>(List.of(base));
        if (i % 10 == 9) {
            String[] other = otherCommand(rnd);
            return new Case("command " + String.join(" ", other), List.of(other));
        }
        switch (i % 4) {
            case 0, 1 -> {
                Path f = dir.resolve("p" + i + ".json");
                String text = malformedProblem(rnd);
                Files.writeString(f, text);
                args.add("--problem");
                args.add(f.toString());
                return new Case("problem file " + text.replace('\n', ' '), args);
            }
            case 2 -> {
                Path f = dir.resolve("p" + i + ".json");
                Files.writeString(f, validProblem());
                args.add("--problem");
                args.add(f.toString());
                String[] flag = badFlag(base[0], rnd);
                args.addAll(List.of(flag));
                return new Case("flag " + String.join(" ", flag), args);
            }
            default -> {
                Path kx = dir.resolve("kx" + i + ".csv");
                byte[] content = malformedMatrixFile(rnd);
                Files.write(kx, content);
                args.addAll(List.of("--kx", kx.toString(), "--y", "1,-0.5", "-L", "1", "-g", "1"));
                if (!base[0].equals("flow") && !base[0].equals("bayes")) {
                    args.addAll(List.of("--eta", "0.1", "-T", "4"));
                }
                return new Case("kx file " + new String(content, StandardCharsets.ISO_8859_1).replace('\n', '/'), args);
            }
        }
    }

    private static final String[] FIELDS = {"X", "y", "L", "gamma0", "eta", "T", "conventions", "Kx", "X_test"};
    private static final String[] BAD_VALUES = {"\"two\"", "null", "[]", "{}", "true", "-1", "0", "1e308", "-1e308", "1.5",
        "2147483648", "\"NaN\"", "[[1, 2], [3]]", "[1, \"a\"]", "[[1e200, 0, 0], [0, 1, 0]]", "\"mean\"", "{\"loss\": \"avg\"}",
        "{\"loss\": 3}", "{\"lossy\": \"sum\"}", "[[1, 0.2, -0.3]]", "[1, 2, 3]", "-0.5", "1e-320"};

    private static String malformedProblem(SplittableRandom rnd) {
        String valid = validProblem();
        switch (rnd.nextInt(8)) {
            case 0: { // one field with a bad value
                String field = FIELDS[rnd.nextInt(FIELDS.length)];
                String value = BAD_VALUES[rnd.nextInt(BAD_VALUES.length)];
                return replaceOrAdd(valid, field, value);
            }
            case 1: { // a field removed
                String field = FIELDS[rnd.nextInt(6)];
                return replaceOrAdd(valid, field, null);
            }
            case 2: { // an unknown field (a typo)
                String[] typos = {"gama0", "eta0", "depth", "steps", "Y", "x", "Lx", "conventionz", "T_max"};
                return valid.replace("}", ", \"" + typos[rnd.nextInt(typos.length)] + "\": 1}");
            }
            case 3: // trailing junk or truncated JSON
                return rnd.nextBoolean() ? valid + " {\"y\": 1}" : valid.substring(0, 1 + rnd.nextInt(valid.length() - 2));
            case 4: // empty or not JSON
                return new String[] {"", "   ", "not json", "[]", "null", "42"}[rnd.nextInt(6)];
            case 5: { // a Gram matrix that is not symmetric, not PSD, ragged or mismatched
                String[] grams = {"[[1, 0.5], [0.2, 1]]", "[[1, 2], [2, 1]]", "[[1, 0], [0]]", "[[1]]", "[[1, 0, 0], [0, 1, 0], [0, 0, 1]]",
                    "[[NaN, 0], [0, 1]]", "[[1e300, 0], [0, 1e300]]"};
                return replaceOrAdd(replaceOrAdd(valid, "X", null), "Kx", grams[rnd.nextInt(grams.length)]);
            }
            case 6: { // test inputs that do not fit
                String[] tests = {"\"X_test\": [[1, 2]]", "\"X_test\": [[1, 2, 3, 4]]", "\"Kx_test_train\": [[1, 0]]",
                    "\"Kx_test_test\": [[1]]", "\"X_test\": \"none\""};
                return valid.replace("}", ", " + tests[rnd.nextInt(tests.length)] + "}");
            }
            default: { // extreme sizes
                String[] sizes = {"\"L\": 2147483647", "\"T\": 1000000000", "\"T\": 0", "\"L\": 0", "\"T\": -3", "\"gamma0\": 1e308",
                    "\"eta\": 1e9", "\"eta\": 0"};
                String s = sizes[rnd.nextInt(sizes.length)];
                return replaceOrAdd(valid, s.substring(1, s.indexOf('"', 1)), s.substring(s.indexOf(':') + 2));
            }
        }
    }

    /** The problem with {@code field} set to {@code value} (added if absent, removed if value is null). */
    private static String replaceOrAdd(String json, String field, String value) {
        String key = "\"" + field + "\": ";
        int at = json.indexOf(key);
        if (at < 0) {
            return value == null ? json : json.substring(0, json.length() - 1) + ", " + key + value + "}";
        }
        int end = valueEnd(json, at + key.length());
        String before = json.substring(0, at);
        String after = json.substring(end);
        if (value == null) {
            String joined = before + after;
            return joined.replace(", ,", ",").replace("{, ", "{").replace(", }", "}");
        }
        return before + key + value + after;
    }

    private static int valueEnd(String json, int from) {
        int depth = 0;
        for (int k = from; k < json.length(); k++) {
            char ch = json.charAt(k);
            if (ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ']' || ch == '}') {
                if (depth == 0) {
                    return k;
                }
                depth--;
            } else if (ch == ',' && depth == 0) {
                return k;
            }
        }
        return json.length();
    }

    private static String[] badFlag(String command, SplittableRandom rnd) {
        String[][] common = {
            {"-L", "0"}, {"-L", "-2"}, {"-L", "two"}, {"-g", "-1"}, {"-g", "NaN"}, {"-g", "Infinity"}, {"--y", "1,x"}, {"--y", "1"},
            {"--y", "NaN,1"}, {"--conventions", "loss=avg"}, {"--conventions", "lossy=sum"}, {"--conventions", "loss"},
            {"--kx", "/nonexistent/kx.csv"}, {"--x", "/"}, {"--gama0", "1"}, {"--problem", "/nonexistent.json"},
            {"--kx-test", "/nonexistent.csv"}, {"-o", "/nonexistent-dir/out.json"},
        };
        String[][] descent = {{"--eta", "-0.1"}, {"--eta", "0"}, {"--eta", "1e9"}, {"--eta", "abc"}, {"-T", "0"}, {"-T", "-5"},
            {"-T", "1e3"}};
        String[][] specific = switch (command) {
            case "solve" -> new String[][] {{"--approx", "nope"}, {"--approx", ""}};
            case "flow" -> new String[][] {{"--t-max", "-1"}, {"--t-max", "NaN"}, {"--nodes", "0"}, {"--nodes", "1"}, {"--resample", "1"},
                {"--tune", "refine=99"}, {"--tune", "jacobian=exact"}, {"--tune", "bogus=1"}, {"--approx", "gia"}, {"--tune", "grid-tolerance=2"}};
            case "sample" -> new String[][] {{"--samples", "0"}, {"--samples", "-5"}, {"--activation", "tanh("}, {"--activation", "nosuch"},
                {"--threads", "-4"}, {"--tune", "method=gibbs"}, {"--tune", "replicas=0"}, {"--tune", "damping=2"}};
            case "decay" -> new String[][] {{"--weight-decay", "-1"}, {"--weight-decay", "NaN"}, {"--approx", "pt1"}};
            case "bayes" -> new String[][] {{"--beta", "0"}, {"--beta", "-1"}, {"--beta", "x"}, {"--tol", "-1"}};
            default -> new String[][] {{"-N", "-4"}, {"-N", "0"}, {"--seeds", "1"}, {"--threads", "-4"}, {"--activation", "tanh("},
                {"--weight-decay", "-1"}};
        };
        List<String[]> all = new ArrayList<>(List.of(common));
        all.addAll(List.of(specific));
        if (!command.equals("flow") && !command.equals("bayes")) {
            all.addAll(List.of(descent));
        }
        return all.get(rnd.nextInt(all.size()));
    }

    /**
     * The other commands (no problem): series, guess, check, compare, golden, bench, with one bad value each. The golden
     * suite's folder lies under a file (refused at once whoever runs the test; under /nonexistent-dir a root user would
     * write the whole suite).
     */
    private String[] otherCommand(SplittableRandom rnd) throws Exception {
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"schema\": \"dln-trajectory\", \"schema_version\": 1}");
        String[][] cases = {
            {"series", "--order", "99"}, {"series", "--depth", "0"}, {"series", "--depth", "1..x"}, {"series", "--y", "NaN"},
            {"series", "--quantity", "loss"}, {"series", "--format", "xml"}, {"guess", "--tol", "NaN"}, {"guess", "--order", "-1"},
            {"check", junk.toString(), "--case", "/nonexistent"}, {"check", junk.toString()}, {"check", "/nonexistent", "--case", "/x"},
            {"check", junk.toString(), "--case", dir.toString(), "--atol", "-1"}, {"compare", "/nonexistent.json", junk.toString()},
            {"compare", junk.toString(), junk.toString()}, {"compare", junk.toString(), junk.toString(), "--max-sigma", "NaN"},
            {"golden", "-o", junk.resolve("golden").toString()}, {"bench", "--sizes", "-4x50"}, {"bench", "--sizes", "2x"},
            {"bench", "--picard-damping", "0"}, {"decay-table", "--weight-decay", "0"}, {"equations", "--depth", "0"},
            {"simulate-langevin", "--beta", "inf"}, {"simulate-langevin", "--tune", "dt=-1"}, {"nosuchcommand"},
        };
        return cases[rnd.nextInt(cases.length)];
    }

    private static byte[] malformedMatrixFile(SplittableRandom rnd) {
        String[] texts = {"1,0\n0\n", "1,0\n0,x\n", "", "\n\n", "1;0\n0;1\n", "1,0\n0,1,2\n", "[[1, 0], [0, 1]", "{\"Kx\": 1}",
            "1,0.5\n0.2,1\n", "1,2\n2,1\n", "NaN,0\n0,1\n", "1e999,0\n0,1\n", "1,0\n0,1\n1,1\n"};
        if (rnd.nextInt(6) == 0) {
            return new byte[] {(byte) 0xff, (byte) 0xfe, '1', ',', '0', '\n', (byte) 0xc3, '0', ',', '1', '\n'}; // not UTF-8
        }
        return texts[rnd.nextInt(texts.length)].getBytes(StandardCharsets.UTF_8);
    }
}
