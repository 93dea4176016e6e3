package dev.hookline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "hookline", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, version = "hookline 0.1.0",
        description = "The Hookline command line: every API action, `listen` for local development, and the signature doctor.",
        subcommands = {LoginCommand.class, EndpointsCommand.class, EventsCommand.class, DeliveriesCommand.class,
                DeadLettersCommand.class, SourcesCommand.class, RunsCommand.class, EventTypesCommand.class,
                ListenCommand.class, VerifyCommand.class, SignCommand.class, SendCommand.class},
        footerHeading = "%nExample:%n",
        footer = {"  hookline login --url http://localhost:3000 --key hk_...",
                "  hookline listen --forward-to http://localhost:8080/hooks",
                "%nExit codes: 0 done, 1 the API refused (its detail is printed) or a check failed, 2 usage error.",
                "Configuration: $XDG_CONFIG_HOME/hookline/config.json (or ~/.config/hookline); HOOKLINE_URL and "
                        + "HOOKLINE_KEY override it, HOOKLINE_PROFILE picks a profile."})
public final class Hookline implements Callable<Integer> {
    final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Which deployment to talk to (default: $HOOKLINE_PROFILE, else 'default').")
    String profile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON instead of tables.")
    boolean json;

    public Hookline(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.err());
        return CliException.USAGE;
    }

    String profileName() {
        if (profile != null) {
            return profile;
        }
        String fromEnv = terminal.env().get("HOOKLINE_PROFILE");
        return fromEnv == null || fromEnv.isBlank() ? Profiles.DEFAULT : fromEnv;
    }

    ApiClient api() {
        Profiles.Profile p = Profiles.of(terminal).resolve(profileName(), terminal.env());
        return new ApiClient(p.url(), p.key());
    }

    Output output() {
        return new Output(terminal.out(), json);
    }
}
