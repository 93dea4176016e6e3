package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hookline.core.outbound.GuardedTarget;
import dev.hookline.core.outbound.SpecialPurposeAddresses;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbound URL guard with any URL text and any DNS answer: it refuses with {@link UnsafeUrlException} or
 * answers a target whose every resolved address is public and whose pinned address is one of them - never another
 * exception, never a private, loopback or metadata address.
 */
class UrlGuardFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void check(FuzzedDataProvider data) {
        List<InetAddress> answer = new ArrayList<>();
        int count = data.consumeInt(0, 3);
        for (int i = 0; i < count; i++) {
            try {
                answer.add(InetAddress.getByAddress(data.consumeBytes(data.consumeBoolean() ? 4 : 16)));
            } catch (UnknownHostException wrongLength) {
                // fewer bytes were left than asked for: the answer has fewer addresses
            }
        }
        boolean allowHttp = data.consumeBoolean();
        String url = data.consumeRemainingAsString();
        UrlGuard guard = new UrlGuard(host -> {
            if (answer.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return answer;
        }, allowHttp, false);
        GuardedTarget target;
        try {
            target = guard.check(url);
        } catch (UnsafeUrlException refused) {
            if (refused.code() == null || refused.getMessage() == null) {
                throw new AssertionError("a refusal without a reason", refused);
            }
            return;
        }
        for (InetAddress a : target.all()) {
            if (!SpecialPurposeAddresses.classify(a).isPublic()) {
                throw new AssertionError(url + " passed with " + a + " among its addresses");
            }
        }
        if (!target.all().contains(target.pinnedAddress())) {
            throw new AssertionError(url + " pinned " + target.pinnedAddress() + ", which it did not resolve to");
        }
        // Schemes are case-insensitive (RFC 3986): "hTtps" is https.
        String scheme = target.uri().getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!"https".equals(scheme) && !(allowHttp && "http".equals(scheme))) {
            throw new AssertionError(url + " passed with scheme " + scheme);
        }
    }
}
