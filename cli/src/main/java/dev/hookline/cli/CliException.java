package dev.hookline.cli;

/**
 * A failure to report in one line, with its exit code: {@link #usage} (2) for what the user must change in the
 * command, {@link #failed} (1) when something refused or could not be reached.
 */
public final class CliException extends RuntimeException {
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    private CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(message, USAGE);
    }

    public static CliException failed(String message) {
        return new CliException(message, FAILED);
    }

    public int exitCode() {
        return exitCode;
    }
}
