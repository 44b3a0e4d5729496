package io.freelock.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void anOptionTakesItsValueAfterAnEqualsSignOrAsTheNextArgument() {
        LaunchOptions joined = LaunchOptions.parse("--demo=10s", "--data=/tmp/d", "--deploy=dep", "--http-port=0");
        LaunchOptions apart = LaunchOptions.parse("--demo", "10s", "--data", "/tmp/d", "--deploy", "dep", "--http-port", "0");
        for (LaunchOptions options : new LaunchOptions[] {joined, apart}) {
            assertEquals(Optional.of(Duration.ofSeconds(10)), options.demo);
            assertEquals(Path.of("/tmp/d"), options.data);
            assertEquals(Path.of("dep"), options.deploy);
            assertEquals(0, options.httpPort);
        }
    }

    @Test
    void aValueMayItselfHoldAnEqualsSign() {
        assertEquals(Path.of("a=b"), LaunchOptions.parse("--data=a=b").data);
    }

    @Test
    void aBadValueAfterTheEqualsSignIsNamed() {
        assertEquals("duration 'soon' is not a number followed by ms, s, m or h",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--demo=soon")).getMessage());
        assertEquals("--demo needs a value after '='",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--demo=")).getMessage());
        assertEquals("unknown argument '--colour=red'",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--colour=red")).getMessage());
        assertEquals("--data needs a value",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--data")).getMessage());
    }

    @Test
    void withoutClusterOptionsTheLauncherIsNoServerOfACluster() {
        LaunchOptions options = LaunchOptions.parse("--demo", "1s");
        assertEquals(Optional.empty(), options.cluster);
        assertEquals(Path.of("data"), options.data);
    }

    @Test
    void aServerOfAClusterKeepsItsDataInAFolderOfItsOwnUnlessToldOtherwise() {
        String peers = "a=127.0.0.1:9871,b=127.0.0.1:9872,c=127.0.0.1:9873";
        LaunchOptions options = LaunchOptions.parse("--server-id", "b", "--peers=" + peers);
        assertEquals(Optional.of(new LaunchOptions.Cluster("b", peers)), options.cluster);
        assertEquals(Path.of("data", "b"), options.data);
        assertEquals(Path.of("/srv/b"), LaunchOptions.parse("--server-id=b", "--peers", peers, "--data", "/srv/b").data);
        assertEquals(Path.of("/srv/b", "raft", "b").toAbsolutePath(),
                new ClusterServer(options.cluster.get(), Path.of("/srv/b")).storage());
    }

    @Test
    void clusterOptionsGoTogetherAndTheServerIdMustNameAFolder() {
        assertEquals("--server-id needs --peers: every server of the cluster as id=host:port, separated by commas",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--server-id", "a")).getMessage());
        assertEquals("--peers needs --server-id: which of the peers is this server?", assertThrows(
                IllegalArgumentException.class, () -> LaunchOptions.parse("--peers", "a=127.0.0.1:1")).getMessage());
        assertEquals("--server-id '../x' cannot name a folder under data/", assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse("--server-id", "../x", "--peers", "a=127.0.0.1:1")).getMessage());
    }

    @Test
    void theReasonIsTheInnermostCauseOfAStackTraceAsText() {
        String trace = String.join("\n",
                "org.osgi.service.component.ComponentException: Error during instantiation",
                "\tat org.apache.felix.scr.impl.X.y(X.java:1)",
                "Caused by: java.lang.reflect.InvocationTargetException",
                "Caused by: java.lang.IllegalArgumentException: peers: 'a=127.0.0.1' is not id=host:port",
                "\tat io.freelock.consensus.ratis.PeerList.parseEntry(PeerList.java:85)");
        assertEquals("peers: 'a=127.0.0.1' is not id=host:port", ClusterServer.reason(trace));
        assertEquals("it failed", ClusterServer.reason("java.lang.IllegalStateException: it failed"));
    }
}
