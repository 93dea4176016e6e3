package dev.hookline.cli;

/** {@code ./hookline}: the process entry. Exit 0 when done, 1 when the API (or the check) said no, 2 on bad usage. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, Terminal.system()));
    }
}
