package io.flows.engine.schedule;

import static io.flows.engine.schedule.Schedules.await;
import static io.flows.engine.schedule.Schedules.fires;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.Http;
import io.flows.engine.support.LogLines;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two services on one PostgreSQL database, as two nodes: every tick fires exactly once, and when
 * the serving node goes the other one takes over.
 */
@Timeout(120)
class TwoNodeScheduleTest {

    @Test
    void everyTickFiresExactlyOnceAndTheOtherNodeTakesOver() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, Object> props = Schedules.fast(TestService.properties(db));
            // both nodes are up before any flow exists, so neither start recovers the other's executions
            // two nodes are two node ids: the lease names its holder by its id
            EmbeddedServer a = TestService.start(named(new HashMap<>(props), "node-a"));
            EmbeddedServer b = TestService.start(named(new HashMap<>(props), "node-b"));
            EmbeddedServer survivor = null;
            try {
                Http http = new Http(TestService.baseUrl(a));
                assertThat(http.post("/api/flows", "application/yaml", Schedules.flow("both", "* * * * * *", "run-once")).status()).isEqualTo(201);
                await("six ticks", Duration.ofSeconds(20), () -> fires(a, "both").size() >= 6);

                String holder = owner(db);
                String nodeA = a.getApplicationContext().getBean(Scheduler.class).node();
                String nodeB = b.getApplicationContext().getBean(Scheduler.class).node();
                assertThat(holder).isIn(nodeA, nodeB);
                EmbeddedServer leaving = holder.equals(nodeA) ? a : b;
                survivor = leaving == a ? b : a;
                String other = holder.equals(nodeA) ? nodeB : nodeA;
                leaving.getApplicationContext().close();
                EmbeddedServer left = survivor;
                await("the other node fires", Duration.ofSeconds(10),
                        () -> fires(left, "both").stream().filter(f -> f.node().equals(other)).count() >= 3);

                left.getApplicationContext().getBean(io.flows.engine.service.FlowService.class).setEnabled("both", false);
                Schedules.awaitForgotten(left, "both");
                await("every execution ended", Duration.ofSeconds(15), () -> Schedules.executions(left.getApplicationContext(), "both")
                        .stream().noneMatch(e -> e.status().equals("QUEUED") || e.status().equals("RUNNING")));

                List<ScheduleFireRow> fires = fires(left, "both");
                assertThat(fires).extracting(ScheduleFireRow::node).contains(holder, other);
                assertThat(fires).allMatch(f -> f.status().equals(ScheduleFireRow.FIRED));
                Schedules.assertEverySecondOnce(fires);
                Schedules.assertOneExecutionPerFire(left.getApplicationContext(), "both", fires);
            } finally {
                for (EmbeddedServer node : List.of(a, b)) {
                    if (node.getApplicationContext().isRunning()) {
                        node.getApplicationContext().close();
                    }
                }
            }
        }
    }

    @Test
    void evenWhenBothNodesServeAtOnceEachTickFiresOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            // a lease that expires as soon as it is taken: the worst case of a stalled holder or a
            // skewed clock, where both nodes believe they serve; only the fire rows keep ticks single
            Map<String, Object> props = Schedules.fast(TestService.properties(db));
            props.put("flows.schedules.lease", "1ms");
            props.put("flows.schedules.poll", "20ms");
            // two nodes are two node ids: the lease names its holder by its id
            EmbeddedServer a = TestService.start(named(new HashMap<>(props), "node-a"));
            EmbeddedServer b = TestService.start(named(new HashMap<>(props), "node-b"));
            try {
                Http http = new Http(TestService.baseUrl(a));
                assertThat(http.post("/api/flows", "application/yaml", Schedules.flow("racing", "* * * * * *", "run-once")).status()).isEqualTo(201);
                await("five ticks", Duration.ofSeconds(20), () -> fires(a, "racing").size() >= 5);
                a.getApplicationContext().getBean(io.flows.engine.service.FlowService.class).setEnabled("racing", false);
                // both nodes serve here: stop one (its loop ends with it), then a pass of the other forgets the schedule
                b.getApplicationContext().close();
                Schedules.awaitForgotten(a, "racing");
                // execution rows commit with their fire rows, so they are all there whatever state they are in
                List<ScheduleFireRow> fires = fires(a, "racing");
                Schedules.assertEverySecondOnce(fires);
                Schedules.assertOneExecutionPerFire(a.getApplicationContext(), "racing", fires);
            } finally {
                a.getApplicationContext().close();
                if (b.getApplicationContext().isRunning()) {
                    b.getApplicationContext().close();
                }
            }
        }
    }

    @Test
    void aLeaseHeldByANodeThatVanishedIsTakenOverOnlyOnceItExpires() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, Object> props = Schedules.fast(TestService.properties(db));
            props.put("flows.schedules.lease", "3s");
            EmbeddedServer node = TestService.start(props);
            try {
                // a node that crashed without letting go: its lease runs for three more seconds
                Instant expires = Instant.now().plusSeconds(3);
                try (Connection c = connect(db); PreparedStatement u = c.prepareStatement(
                        "UPDATE schedule_lease SET owner = 'vanished', expires_at = ? WHERE name = 'schedules'")) {
                    u.setTimestamp(1, Timestamp.from(expires));
                    assertThat(u.executeUpdate()).isEqualTo(1);
                }
                Http http = new Http(TestService.baseUrl(node));
                assertThat(http.post("/api/flows", "application/yaml", Schedules.flow("waits", "* * * * * *", "run-once")).status()).isEqualTo(201);
                await("a tick after the takeover", Duration.ofSeconds(15), () -> !fires(node, "waits").isEmpty());
                ScheduleFireRow first = fires(node, "waits").get(0);
                assertThat(first.recordedAt()).isAfterOrEqualTo(expires);
                assertThat(first.status()).isEqualTo(ScheduleFireRow.FIRED);
                assertThat(owner(db)).isEqualTo(node.getApplicationContext().getBean(Scheduler.class).node());
            } finally {
                node.getApplicationContext().close();
            }
        }
    }

    @Test
    void theLeaseAndItsLogLinesNameEachNodeByItsNodeId() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); LogLines log = new LogLines(ScheduleLease.class)) {
            EmbeddedServer a = TestService.start(named(Schedules.fast(TestService.properties(db)), "shop-a"));
            EmbeddedServer b = null;
            try {
                await("node shop-a serves", Duration.ofSeconds(10),
                        () -> log.messages().contains("node shop-a now serves the schedules"));
                assertThat(owner(db)).isEqualTo("shop-a");
                b = TestService.start(named(Schedules.fast(TestService.properties(db)), "shop-b"));
                a.getApplicationContext().close();
                await("node shop-b serves", Duration.ofSeconds(10),
                        () -> log.messages().contains("node shop-b now serves the schedules"));
                assertThat(owner(db)).isEqualTo("shop-b");
                assertThat(log.messages()).contains("node shop-a let the schedule lease go")
                        .allMatch(line -> line.contains("node shop-a ") || line.contains("node shop-b "));
            } finally {
                TestService.closeAll(TestService.stopping(b), a.getApplicationContext()::close);
            }
        }
    }

    @Test
    void aNodeThatComesBackUnderItsIdTakesItsLeaseBackAtOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); LogLines log = new LogLines(ScheduleLease.class)) {
            Map<String, Object> props = named(Schedules.fast(TestService.properties(db)), "shop-c");
            TestService.start(props).getApplicationContext().close();
            // as a crash leaves it: the lease still held by this node's id for half a minute
            try (Connection c = connect(db); PreparedStatement u = c.prepareStatement(
                    "UPDATE schedule_lease SET owner = 'shop-c', expires_at = ? WHERE name = 'schedules'")) {
                u.setTimestamp(1, Timestamp.from(Instant.now().plusSeconds(30)));
                assertThat(u.executeUpdate()).isEqualTo(1);
            }
            int before = log.messages().size();
            EmbeddedServer again = TestService.start(props);
            try {
                await("node shop-c serves again", Duration.ofSeconds(10), () -> log.messages()
                        .subList(before, log.messages().size()).contains("node shop-c now serves the schedules"));
            } finally {
                again.getApplicationContext().close();
            }
        }
    }

    private static Map<String, Object> named(Map<String, Object> props, String nodeId) {
        props.put("flows.node-id", nodeId);
        return props;
    }

    private static String owner(TestDatabase db) throws SQLException {
        try (Connection c = connect(db); PreparedStatement q = c.prepareStatement("SELECT owner FROM schedule_lease WHERE name = 'schedules'");
             ResultSet r = q.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    private static Connection connect(TestDatabase db) throws SQLException {
        return DriverManager.getConnection((String) db.properties().get("datasources.default.url"), "postgres", "");
    }
}
