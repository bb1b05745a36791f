package org.dln.linear.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dln.linear.io.ArrayCodec;
import org.dln.linear.io.Npy;
import org.dln.linear.io.Npz;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import picocli.CommandLine;

/**
 * One request of {@code dln serve} (docs/formats.md "dln serve"): its arrays are written to NumPy files in a private
 * folder, its command line is completed with those files (--x, --y, ... or @NAME), --npz and --json, and run by
 * {@link DlnCommand#execute} exactly as on the command line; the response carries the exit status, the archive's
 * arrays, the JSON document's report, problem and conventions, and what the command wrote to stdout and stderr.
 */
final class ServeSession {
    /** The problem's array fields and the flag that reads each from a file. */
    static final Map<String, String> PROBLEM_FLAGS = Map.of("X", "--x", "X_test", "--x-test", "Kx", "--kx", "Kx_test", "--kx-test",
            "y", "--y");

    private final Path work;
    private final PrintStream stderr;
    private int counter;

    /** {@code work}: a private folder for the requests' files; {@code stderr}: where the commands' messages are echoed. */
    ServeSession(Path work, PrintStream stderr) {
        this.work = work;
        this.stderr = stderr;
    }

    /** The response to one request line; never throws. */
    ObjectNode handle(String line) {
        ObjectNode resp = ArrayCodec.mapper().createObjectNode();
        long start = System.nanoTime();
        JsonNode req;
        try {
            req = ArrayCodec.mapper().readTree(line);
        } catch (IOException e) {
            return error(resp, DlnCommand.BAD_INPUT, "the request is not JSON: " + firstLine(e.getMessage())
                    + " (send one JSON object per line, e.g. {\"command\": \"solve\", \"args\": [\"-T\", \"20\"]})");
        }
        if (req == null || !req.isObject()) {
            return error(resp, DlnCommand.BAD_INPUT, "a request is a JSON object such as {\"command\": \"solve\", \"args\": [...]}");
        }
        if (req.has("id")) {
            resp.set("id", req.get("id"));
        }
        Path dir = null;
        try {
            String command = req.path("command").asText("");
            resp.put("command", command);
            if (command.equals("ping")) {
                resp.put("status", DlnCommand.OK);
                resp.put("version", DlnCommand.class.getAnnotation(CommandLine.Command.class).version()[0]);
                return resp;
            }
            if (command.isEmpty() || command.equals("serve")) {
                return error(resp, DlnCommand.BAD_INPUT, command.isEmpty() ? "'command' is missing: give a dln command such as \"solve\""
                        : "'serve' cannot be requested inside dln serve");
            }
            dir = Files.createDirectory(work.resolve("request-" + (++counter)));
            List<String> args = new ArrayList<>();
            args.add(command);
            Map<String, Path> files = writeInputs(req, dir);
            CommandLine.Model.CommandSpec sub = subcommand(command);
            for (JsonNode a : req.path("args")) {
                if (!a.isValueNode() || a.isNull()) {
                    return error(resp, DlnCommand.BAD_INPUT, "'args' must be a list of strings and numbers");
                }
                String s = a.asText();
                if (s.startsWith("@") && files.containsKey(s.substring(1))) {
                    s = files.get(s.substring(1)).toString();
                }
                args.add(s);
            }
            JsonNode arrays = req.path("arrays");
            for (Map.Entry<String, String> e : PROBLEM_FLAGS.entrySet()) {
                if (arrays.has(e.getKey()) && sub != null && sub.findOption(e.getValue()) != null && !args.contains(e.getValue())) {
                    args.add(e.getValue());
                    args.add(files.get(e.getKey()).toString());
                }
            }
            Path npz = dir.resolve("result.npz");
            boolean wantNpz = sub != null && sub.findOption("--npz") != null && !args.contains("--npz");
            if (wantNpz) {
                args.add("--npz");
                args.add(npz.toString());
            }
            if (sub != null && sub.findOption("--json") != null && !args.contains("--json") && req.path("json").asBoolean(true)) {
                args.add("--json");
            }
            run(args, resp, req.path("encoding").asText("list").equals("base64"), wantNpz ? npz : null);
        } catch (InvalidInputException e) {
            error(resp, DlnCommand.BAD_INPUT, e.getMessage());
        } catch (Throwable e) { // survive anything: the next request must be served
            error(resp, DlnCommand.FAILED, "internal error: " + e);
        } finally {
            delete(dir);
            resp.put("seconds", (System.nanoTime() - start) / 1e9);
        }
        return resp;
    }

    /** Runs the command line with stdout captured and stderr captured and echoed; fills the response. */
    private void run(List<String> args, ObjectNode resp, boolean base64, Path npz) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(new Tee(err, stderr), true, StandardCharsets.UTF_8);
        PrintStream savedOut = System.out, savedErr = System.err;
        int code;
        System.setOut(o); // commands write to System.out/err only through these (never to the protocol stream)
        System.setErr(e);
        try {
            code = DlnCommand.execute(o, e, args.toArray(new String[0]));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            o.flush();
            e.flush();
        }
        resp.put("status", code);
        String text = out.toString(StandardCharsets.UTF_8);
        String messages = err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !(l.startsWith("dln: wrote ") && l.contains(work.toString()))) // the server's own files
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
        JsonNode doc = parseDocument(text);
        if (doc != null) {
            for (String k : List.of("schema", "kind", "problem", "method", "report", "action", "conventions")) {
                if (doc.has(k)) {
                    resp.set(k, doc.get(k));
                }
            }
            if (doc.path("problem").has("conventions")) {
                resp.set("conventions", doc.path("problem").get("conventions"));
            }
            if (!doc.has("observables")) {
                resp.set("document", doc);
            }
        } else {
            resp.put("stdout", text);
        }
        resp.put("stderr", messages);
        if (npz != null && Files.isRegularFile(npz)) {
            ObjectNode arrays = resp.putObject("arrays");
            for (Map.Entry<String, Npy.Array> a : Npz.read(npz).entrySet()) {
                arrays.set(a.getKey(), ArrayCodec.encode(a.getValue(), base64));
            }
        }
        if (code != DlnCommand.OK) {
            resp.put("error", errorLines(messages, code));
        }
    }

    /** The request's arrays as NAME.npy and its archives as NAME.npz in {@code dir}. */
    private static Map<String, Path> writeInputs(JsonNode req, Path dir) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        var it = req.path("arrays").fields();
        while (it.hasNext()) {
            var e = it.next();
            Path f = dir.resolve(safeName(e.getKey()) + ".npy");
            Npy.Array a = ArrayCodec.decode(e.getValue(), e.getKey());
            Files.write(f, Npy.bytes(a.shape(), a.data()));
            files.put(e.getKey(), f);
        }
        var zs = req.path("npz").fields();
        while (zs.hasNext()) {
            var e = zs.next();
            Map<String, Npy.Array> members = new LinkedHashMap<>();
            var ms = e.getValue().fields();
            while (ms.hasNext()) {
                var m = ms.next();
                members.put(safeName(m.getKey()), ArrayCodec.decode(m.getValue(), e.getKey() + "." + m.getKey()));
            }
            Path f = dir.resolve(safeName(e.getKey()) + ".npz");
            Npz.write(f, members);
            files.put(e.getKey(), f);
        }
        return files;
    }

    private static String safeName(String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.startsWith(".")) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "arrays", "array name", name,
                    "use letters, digits, '_', '-' and '.' (at most 64)");
        }
        return name;
    }

    /** The commands' options (to know which take --npz, --json, --x, ...); built once. */
    private final Map<String, CommandLine> commands = new CommandLine(new DlnCommand()).getSubcommands();

    private CommandLine.Model.CommandSpec subcommand(String name) {
        CommandLine c = commands.get(name);
        return c == null ? null : c.getCommandSpec();
    }

    private static JsonNode parseDocument(String text) {
        String t = text.trim();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = ArrayCodec.mapper().readTree(t);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The "dln: error: ..." / "dln: failed: ..." lines of the messages (else their last line). */
    private static String errorLines(String messages, int code) {
        StringBuilder sb = new StringBuilder();
        String last = "";
        for (String l : messages.split("\n")) {
            if (l.startsWith("dln: error:") || l.startsWith("dln: failed:") || l.contains("FAILED") || l.contains("NOT")) {
                sb.append(sb.length() > 0 ? "\n" : "").append(l);
            }
            if (!l.isBlank()) {
                last = l;
            }
        }
        return sb.length() > 0 ? sb.toString() : last.isEmpty() ? "exit status " + code : last;
    }

    private static ObjectNode error(ObjectNode resp, int status, String message) {
        resp.put("status", status);
        resp.put("error", "dln: error: " + message);
        return resp;
    }

    private static String firstLine(String s) {
        String m = String.valueOf(s);
        int k = m.indexOf('\n');
        return k < 0 ? m : m.substring(0, k);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary file is removed with the folder at exit
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
