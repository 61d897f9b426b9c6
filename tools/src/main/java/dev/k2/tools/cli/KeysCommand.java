package dev.k2.tools.cli;

import dev.k2.query.auth.ApiKey;
import dev.k2.query.auth.ApiKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code k2 keys add|list|revoke}: API keys for {@code k2 serve}. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = {"Manage the API keys that k2 serve accepts (binary protocol and HTTP).",
        "Only a salted SHA-256 of each key is stored; a key is shown once, when it is created.",
        "A running server sees added and revoked keys within a second."})
public final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Create a key and print it once. Keep it: it cannot be shown again."})
    int add(@Parameters(paramLabel = "NAME", description = "Who the key is for (1-64 of A-Z a-z 0-9 . _ @ -).") String name,
            @Option(names = "--rate", paramLabel = "N", defaultValue = "" + ApiKeyStore.DEFAULT_RATE,
                description = "Queries per second allowed (token bucket, burst N). Default: ${DEFAULT-VALUE}") int rate,
            @Mixin CommonOptions common, @Mixin KeysOption keys) {
        ApiKeyStore store = ApiKeyStore.open(keys.file(common));
        String key = store.add(name, rate);
        if (common.json()) {
            System.out.println(new Json().put("name", name).put("key", key).put("rate", rate)
                .put("file", store.file().toString()));
        } else {
            System.out.println(key);
            System.err.println("key '" + name + "' (" + rate + " queries/s) stored as a hash in " + store.file()
                + "; this is the only time it is shown");
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (names, rates, state; never secrets).")
    int list(@Mixin CommonOptions common, @Mixin KeysOption keys) {
        ApiKeyStore store = ApiKeyStore.open(keys.file(common));
        if (common.json()) {
            List<Json> rows = new ArrayList<>();
            for (ApiKey k : store.list()) {
                rows.add(new Json().put("id", k.id()).put("name", k.name()).put("rate", k.ratePerSecond())
                    .put("created", Instant.ofEpochSecond(k.createdEpochSecond()).toString()).put("revoked", k.revoked()));
            }
            System.out.println(new Json().put("keys", rows));
        } else {
            System.out.printf("%-10s %-24s %8s %-22s %s%n", "id", "name", "rate/s", "created", "state");
            for (ApiKey k : store.list()) {
                System.out.printf("%-10s %-24s %,8d %-22s %s%n", k.id(), k.name(), k.ratePerSecond(),
                    Instant.ofEpochSecond(k.createdEpochSecond()), k.revoked() ? "revoked" : "active");
            }
        }
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke the active key named NAME.")
    int revoke(@Parameters(paramLabel = "NAME") String name, @Mixin CommonOptions common, @Mixin KeysOption keys) {
        ApiKeyStore store = ApiKeyStore.open(keys.file(common));
        if (!store.revoke(name)) {
            throw new IllegalArgumentException("no active key named '" + name + "' in " + store.file()
                + ": see `k2 keys list`");
        }
        System.out.println("revoked key '" + name + "'");
        return 0;
    }
}
