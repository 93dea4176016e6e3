package dev.hookline.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A captured request for the signature doctor: a raw HTTP request ({@code --request}), or headers and body given
 * apart (files, stdin, or flags). The body is kept as the exact bytes read: that is what was signed, or not.
 */
final class CaptureOptions {
    @Option(names = "--request", paramLabel = "FILE|-", description = "A raw HTTP request: request line, headers, "
            + "a blank line, the body (as `nc -l` or a proxy log shows it).")
    String request;

    @Option(names = "--headers", paramLabel = "FILE|-", description = "Headers, one `Name: value` per line.")
    String headersFile;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "FILE|-", description = "The body's exact bytes, from a file or stdin.")
    String bodyFile;

    @Option(names = "--data", paramLabel = "TEXT", description = "The body as text (UTF-8).")
    String data;

    @Option(names = "--url", description = "The URL the sender called (schemes that sign it need it).")
    String url;

    @Option(names = "--at", paramLabel = "TIME", description = "When the request arrived: RFC 3339 or Unix seconds "
            + "(default: now). Timestamps are checked against it.")
    String at;

    record Captured(Map<String, String> headers, byte[] body, String url, Instant at) {
    }

    Captured read(Terminal terminal) {
        long stdin = List.of(String.valueOf(request), String.valueOf(headersFile), String.valueOf(bodyFile)).stream()
                .filter("-"::equals).count();
        if (stdin > 1) {
            throw CliException.usage("Only one of --request, --headers and --body can read stdin (-).");
        }
        if (bodyFile != null && data != null) {
            throw CliException.usage("Give --body or --data, not both.");
        }
        Map<String, String> all = new LinkedHashMap<>();
        byte[] body = new byte[0];
        if (request != null) {
            byte[] raw = bytes(terminal, request);
            int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            int skip = 4;
            if (split < 0) {
                split = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII));
                skip = 2;
            }
            String head = new String(raw, 0, split < 0 ? raw.length : split, StandardCharsets.ISO_8859_1);
            headerLines(head, all);
            body = split < 0 ? new byte[0] : Arrays.copyOfRange(raw, split + skip, raw.length);
        }
        if (headersFile != null) {
            headerLines(new String(bytes(terminal, headersFile), StandardCharsets.UTF_8), all);
        }
        for (String h : headers) {
            headerLines(h, all);
        }
        if (bodyFile != null) {
            body = bytes(terminal, bodyFile);
        } else if (data != null) {
            body = data.getBytes(StandardCharsets.UTF_8);
        }
        if (all.isEmpty()) {
            throw CliException.usage("No headers: give --request, --headers or -H 'Name: value'.");
        }
        return new Captured(all, body, url, time(at));
    }

    /** {@code Name: value} lines; a request or status line (and blank lines) are skipped. */
    private static void headerLines(String text, Map<String, String> into) {
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.matches("[A-Z]+ \\S+ HTTP/.*") || line.startsWith("HTTP/")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw CliException.usage("Not a header line (Name: value): "
                        + (line.length() > 60 ? line.substring(0, 60) + "…" : line));
            }
            into.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
    }

    static Instant time(String at) {
        if (at == null) {
            return null;
        }
        if (at.matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(at));
        }
        try {
            return OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw CliException.usage("--at must be RFC 3339 (2026-01-31T12:00:00Z) or Unix seconds.");
        }
    }

    static byte[] bytes(Terminal terminal, String file) {
        try {
            return file.equals("-") ? terminal.in().readAllBytes() : Files.readAllBytes(terminal.resolve(file));
        } catch (NoSuchFileException e) {
            throw CliException.usage("No file " + file + ".");
        } catch (IOException e) {
            throw CliException.usage("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
