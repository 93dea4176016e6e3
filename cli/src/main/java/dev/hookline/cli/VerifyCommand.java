package dev.hookline.cli;

import dev.hookline.core.inbound.verify.Diagnosis;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SignatureDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "verify", description = {"The signature doctor: does a captured request verify with this secret? "
        + "If not, exactly why, and the fix.", "Runs here, offline: nothing is sent anywhere. Exit 0 verified, 1 not."},
        footerHeading = "%nExample:%n", footer = {
        "  hookline verify --secret whsec_... --headers request.headers --body request.body",
        "  hookline verify --scheme stripe --secret whsec_... --request captured.http --at 2026-12-01T10:00:00Z",
        "  pbpaste | hookline verify --scheme github --secret \"$SECRET\" -H 'X-Hub-Signature-256: sha256=...' --body -"})
final class VerifyCommand extends Group implements Callable<Integer> {
    @Mixin
    SchemeOptions scheme;

    @Mixin
    CaptureOptions capture;

    @Override
    public Integer call() {
        CaptureOptions.Captured c = capture.read(terminal());
        InboundRequest request = InboundRequest.of("POST", c.url() == null ? "https://hookline.invalid/in/captured" : c.url(),
                c.headers(), c.body(), "");
        Diagnosis d = SignatureDoctor.offline().diagnose(scheme.config(), request, c.at() == null ? Instant.now() : c.at());
        return DiagnosisPrinter.print(out(), DiagnosisPrinter.json(d));
    }
}
