package org.dln.linear.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dln.linear.io.ArrayCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code dln serve}: one long-lived JVM answering JSON lines on stdin with JSON lines on stdout (docs/formats.md
 * "dln serve"), so that a client (the Python package) pays the JVM start and the JIT warm-up once. Every request runs
 * through the same command code as the command line ({@link ServeSession}); only responses go to stdout, the
 * commands' messages go to stderr (and into the response).
 */
@Command(name = "serve", description = {"Serve requests as JSON lines on stdin, one response line per request on stdout "
        + "(docs/formats.md 'dln serve'): {\"command\": \"solve\", \"args\": [\"-g\", \"0.5\"], \"arrays\": {\"X\": [[...]], \"y\": [...]}}. "
        + "Used by the Python package (python/). Ends at end of input or on {\"command\": \"shutdown\"}."})
final class ServeCommand implements Callable<Integer> {
    /** Version of the request/response format. */
    static final int PROTOCOL_VERSION = 1;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws Exception {
        return serve(System.in, System.out, System.err);
    }

    /**
     * Serves the requests of {@code input} until its end or a shutdown request: responses to {@code protocol}, the
     * commands' messages to {@code stderr}. System.out is redirected to stderr meanwhile and restored at the end.
     */
    static int serve(java.io.InputStream input, PrintStream protocol, PrintStream stderr) throws java.io.IOException {
        PrintStream savedOut = System.out;
        System.setOut(stderr); // anything else printed to stdout goes to stderr, never into the protocol
        Path work = Files.createTempDirectory("dln-serve-");
        ServeSession session = new ServeSession(work, stderr);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            ObjectNode hello = ArrayCodec.mapper().createObjectNode();
            hello.put("ready", true);
            hello.put("protocol", PROTOCOL_VERSION);
            hello.put("version", DlnCommand.class.getAnnotation(picocli.CommandLine.Command.class).version()[0]);
            reply(protocol, hello);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.trim().matches("\\{\\s*\"command\"\\s*:\\s*\"shutdown\"\\s*}")) {
                    ObjectNode bye = ArrayCodec.mapper().createObjectNode();
                    bye.put("command", "shutdown");
                    bye.put("status", DlnCommand.OK);
                    reply(protocol, bye);
                    break;
                }
                reply(protocol, session.handle(line));
            }
        } finally {
            System.setOut(savedOut);
            try (var s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return DlnCommand.OK;
    }

    private static void reply(PrintStream protocol, ObjectNode response) throws java.io.IOException {
        protocol.println(ArrayCodec.mapper().writeValueAsString(response));
        protocol.flush();
    }
}
