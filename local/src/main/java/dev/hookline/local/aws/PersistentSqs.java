package dev.hookline.local.aws;

import com.typesafe.config.ConfigFactory;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * ElasticMQ with its queues and messages kept in an H2 database of the data directory (its server's
 * {@code messages-storage}): every send, receive and delete is written before SQS answers, so a kill -9 loses no
 * acknowledged message. On start, messages that were in flight - received by a consumer of the process that
 * died, so nobody holds them any more - become visible at once instead of after their visibility timeout; and
 * since ElasticMQ restores a FIFO queue's messages ordered by their next-delivery time (its send order is not
 * stored), ties within a group are broken in send order first. The platform waits for every stored queue to be
 * back before it provisions anything: ElasticMQ gives up its restore if a queue is created under it.
 *
 * <p>ElasticMQ opens its store through scalikejdbc's JVM-wide default pool, set once; so the pool is pointed at
 * this directory before each start (one persistent ElasticMQ per JVM at a time).
 */
final class PersistentSqs implements AutoCloseable {
    private static final Object ONE_AT_A_TIME = new Object();
    private static Path open;

    private final scala.Function0<?> stop;
    private final URI endpoint;
    private final Path dir;

    private PersistentSqs(scala.Function0<?> stop, URI endpoint, Path dir) {
        this.stop = stop;
        this.endpoint = endpoint;
        this.dir = dir;
    }

    static PersistentSqs start(Path dataDir, int port, String region) {
        Path dir = dataDir.resolve("sqs").toAbsolutePath();
        synchronized (ONE_AT_A_TIME) {
            if (open != null) {
                throw new IllegalStateException("A persistent ElasticMQ already runs in this JVM (on " + open
                        + "); ElasticMQ's store is JVM-wide, so only one data directory can be open at a time");
            }
            open = dir;
        }
        try {
            Files.createDirectories(dir);
            String url = "jdbc:h2:file:" + dir.resolve("elasticmq") + ";WRITE_DELAY=0";
            long now = System.currentTimeMillis();
            List<String> stored = new ArrayList<>();
            int released = prepare(url, now, stored);
            if (released > 0) {
                System.out.println("[local] " + released + " queued messages that were in flight when the platform"
                        + " stopped are visible again");
            }
            scalikejdbc.ConnectionPool$ pool = scalikejdbc.ConnectionPool$.MODULE$;
            var settings = pool.singleton$default$4();
            pool.singleton(url, "", "", settings, pool.singleton$default$5(url, "", "", settings));
            String conf = """
                    node-address { protocol = http, host = "127.0.0.1", port = %d, context-path = "" }
                    rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                    generate-node-address = false
                    aws { region = "%s", accountId = "000000000000" }
                    messages-storage { enabled = true, driver-class = "org.h2.Driver", uri = "%s", username = "", password = "", prune-data-on-init = false }
                    """.formatted(port, port, region, url);
            ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(
                    ConfigFactory.parseString(conf).withFallback(ConfigFactory.load())));
            PersistentSqs started = new PersistentSqs(server.start(), URI.create("http://127.0.0.1:" + port), dir);
            started.awaitRestored(stored, region);
            return started;
        } catch (Exception e) {
            synchronized (ONE_AT_A_TIME) {
                open = null;
            }
            throw new IllegalStateException("ElasticMQ (persistent) did not start", e);
        }
    }

    /**
     * Consumers of a dead process hold nothing: what they had in flight is due again now. FIFO groups get strictly
     * increasing delivery times in send order. Answers how many messages were released; fills {@code queues}.
     */
    private static int prepare(String url, long nowMillis, List<String> queues) throws SQLException {
        int released = 0;
        try (Connection c = DriverManager.getConnection(url, "", "")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT NAME FROM QUEUE")) {
                while (rs.next()) {
                    queues.add(rs.getString(1));
                }
            } catch (SQLException noQueuesYet) {
                // First start in this directory: nothing stored.
            }
            List<String> tables = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'MESSAGE\\_%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (PreparedStatement update = c.prepareStatement("UPDATE \"" + table
                        + "\" SET NEXT_DELIVERY = ? WHERE RECEIVE_COUNT > 0 AND NEXT_DELIVERY > ?")) {
                    update.setLong(1, nowMillis);
                    update.setLong(2, nowMillis);
                    released += update.executeUpdate();
                }
                orderGroups(c, table);
            }
        }
        return released;
    }

    private static void orderGroups(Connection c, String table) throws SQLException {
        String q = "\"" + table + "\"";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MESSAGE_ID, GROUP_ID, NEXT_DELIVERY FROM "
                + q + " WHERE GROUP_ID IS NOT NULL ORDER BY GROUP_ID, CREATED, CAST(SEQUENCE_NUMBER AS BIGINT)");
             PreparedStatement update = c.prepareStatement("UPDATE " + q + " SET NEXT_DELIVERY = ? WHERE MESSAGE_ID = ?")) {
            String group = null;
            long last = Long.MIN_VALUE;
            while (rs.next()) {
                long next = rs.getLong(3);
                if (!rs.getString(2).equals(group)) {
                    group = rs.getString(2);
                } else if (next <= last) {
                    next = last + 1;
                    update.setLong(1, next);
                    update.setString(2, rs.getString(1));
                    update.executeUpdate();
                }
                last = next;
            }
        }
    }

    /** Until every stored queue is back (ElasticMQ restores them after it starts answering). */
    private void awaitRestored(List<String> queues, String region) {
        if (queues.isEmpty()) {
            return;
        }
        try (var sqs = software.amazon.awssdk.services.sqs.SqsClient.builder().endpointOverride(endpoint)
                .region(software.amazon.awssdk.regions.Region.of(region))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (true) {
                List<String> urls = sqs.listQueues().queueUrls();
                if (queues.stream().allMatch(name -> urls.stream().anyMatch(u -> u.endsWith("/" + name)))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ElasticMQ did not restore its stored queues " + queues + " in 60 s");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            stop.apply();
        } catch (RuntimeException ignored) {
            // Pekko may already be shutting down with the JVM.
        } finally {
            scalikejdbc.ConnectionPool$.MODULE$.closeAll();
            synchronized (ONE_AT_A_TIME) {
                open = null;
            }
        }
    }

    @Override
    public String toString() {
        return "ElasticMQ on " + endpoint + ", messages kept in " + dir;
    }
}
