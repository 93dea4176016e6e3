package dev.hookline.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Parses and runs one command line; maps failures to the exit codes the README documents (0, 1, 2). */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args, Terminal terminal) {
        return commandLine(terminal).execute(args);
    }

    public static CommandLine commandLine(Terminal terminal) {
        CommandLine cl = new CommandLine(new Hookline(terminal));
        cl.setOut(new PrintWriter(terminal.out(), true));
        cl.setErr(new PrintWriter(terminal.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // @file.json is ours (--data @file.json reads JSON from a file); picocli would expand it into arguments.
        cl.setExpandAtFiles(false);
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CliException failure) {
                terminal.err().println("Error: " + failure.getMessage());
                if (failure.exitCode() == CliException.USAGE) {
                    terminal.err().println("(see: " + command.getCommandSpec().qualifiedName() + " --help)");
                }
                return failure.exitCode();
            }
            terminal.err().println("Error: " + e);
            return CliException.FAILED;
        });
        return cl;
    }
}
