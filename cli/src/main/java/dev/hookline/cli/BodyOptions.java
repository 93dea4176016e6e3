package dev.hookline.cli;

import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;

/** A body to sign or send: a file or stdin (exact bytes), or inline text. */
final class BodyOptions {
    @Option(names = "--body", paramLabel = "FILE|-", description = "The body's exact bytes, from a file or stdin.")
    String file;

    @Option(names = "--data", paramLabel = "TEXT|@FILE", description = "The body as text (UTF-8), or @FILE for a "
            + "file's exact bytes (@- for stdin), as with the API commands and curl.")
    String data;

    byte[] read(Terminal terminal) {
        if ((file == null) == (data == null)) {
            throw CliException.usage("Give the body with --body FILE (or - for stdin) or --data TEXT.");
        }
        if (file != null) {
            return CaptureOptions.bytes(terminal, file);
        }
        return data.startsWith("@") ? CaptureOptions.bytes(terminal, data.substring(1))
                : data.getBytes(StandardCharsets.UTF_8);
    }
}
