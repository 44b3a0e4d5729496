package io.freelock.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** A malformed peer list or server id is refused when the configuration arrives, with the reason. */
class PeerListTest {

    private static void refused(String peers, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerList.parse(peers));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aWellFormedListKeepsItsOrder() {
        PeerList peers = PeerList.parse(" a=127.0.0.1:9871, b=localhost:9872\nc=[::1]:9873 ");
        assertEquals("a=127.0.0.1:9871,b=localhost:9872,c=[::1]:9873", peers.toString());
        assertEquals(9872, peers.require("b").port);
    }

    @Test
    void malformedListsAreRefusedNamingTheEntryAndWhy() {
        refused("", "empty");
        refused("a=127.0.0.1", "'a=127.0.0.1' is not id=host:port");
        refused("127.0.0.1:9871", "is not id=host:port");
        refused("a=127.0.0.1:98x1", "the port '98x1' is not a number");
        refused("a=127.0.0.1:0", "the port 0 is not in 1..65535");
        refused("a=127.0.0.1:70000", "the port 70000 is not in 1..65535");
        refused("a=bad host:1", "is not id=host:port");
        refused("a=h_st:1", "'h_st' is not a host name");
        refused("-a=127.0.0.1:1", "the id '-a'");
        refused("a=127.0.0.1:1,a=127.0.0.1:2", "server id 'a' is listed twice");
        refused("a=127.0.0.1:1,b=127.0.0.1:1", "address 127.0.0.1:1 is listed twice");
    }

    @Test
    void thisServerMustBeOneOfThePeers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplicationSettings.of("d", "a=127.0.0.1:1,b=127.0.0.1:2", Path.of("data/raft")));
        assertTrue(e.getMessage().contains("serverId 'd' is not one of the peers"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ReplicationSettings.of("a b", "a=127.0.0.1:1", Path.of("data/raft")));
    }
}
