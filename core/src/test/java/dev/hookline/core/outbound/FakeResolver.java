package dev.hookline.core.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scripted DNS: answers from a map, records every lookup, and never touches the network. */
final class FakeResolver implements HostResolver {
    private final Map<String, List<String>> answers;
    final List<String> lookups = new ArrayList<>();

    FakeResolver(Map<String, List<String>> answers) {
        this.answers = answers;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<String> literals = answers.get(host);
        if (literals == null) {
            throw new UnknownHostException(host);
        }
        return literals.stream().map(InetAddress::ofLiteral).toList();
    }
}
