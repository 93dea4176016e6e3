package dev.hookline.cli;

import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;

/** A body to sign or send: a file or stdin (exact bytes), or inline text. */
final class BodyOptions {
    @Option(names = "--body", paramLabel = "FILE|-", description = "The body's exact bytes, from a file or stdin.")
    String file;

    @Option(names = "--data", paramLabel = "TEXT", description = "The body as text (UTF-8).")
    String data;

    byte[] read(Terminal terminal) {
        if ((file == null) == (data == null)) {
            throw CliException.usage("Give the body with --body FILE (or - for stdin) or --data TEXT.");
        }
        return file != null ? CaptureOptions.bytes(terminal, file) : data.getBytes(StandardCharsets.UTF_8);
    }
}
