package io.freelock.consensus.ratis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The servers of a replicated log, as an operator writes them: {@code id=host:port} entries separated by commas,
 * spaces or new lines, e.g. {@code a=127.0.0.1:9871,b=127.0.0.1:9872,c=127.0.0.1:9873}. Parsed once, when the
 * configuration arrives, so that a malformed list is refused then with the reason, never at the first move. Immutable.
 */
final class PeerList {

    /** A server id: what the log's configuration and the shell name a server by. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\]");

    /** One server: its id and the address its log listens on. */
    static final class Peer {
        final String id;
        final String host;
        final int port;

        Peer(String id, String host, int port) {
            this.id = id;
            this.host = host;
            this.port = port;
        }

        /** @return host:port */
        String address() {
            return host + ":" + port;
        }

        @Override
        public String toString() {
            return id + "=" + address();
        }
    }

    private final List<Peer> peers;

    private PeerList(List<Peer> peers) {
        this.peers = Collections.unmodifiableList(peers);
    }

    /**
     * @param text {@code id=host:port} entries separated by commas or white space
     * @throws IllegalArgumentException naming the entry that is wrong and why, for an empty list, an entry that is not
     *         {@code id=host:port}, a bad id, host or port, or an id or address listed twice
     */
    static PeerList parse(String text) {
        Objects.requireNonNull(text, "peers");
        List<Peer> peers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            Peer peer = parseEntry(entry);
            if (!ids.add(peer.id)) {
                throw new IllegalArgumentException("peers: server id '" + peer.id + "' is listed twice");
            }
            if (!addresses.add(peer.address())) {
                throw new IllegalArgumentException("peers: address " + peer.address() + " is listed twice");
            }
            peers.add(peer);
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("peers: the list is empty; write id=host:port for each server, "
                    + "separated by commas");
        }
        return new PeerList(peers);
    }

    private static Peer parseEntry(String entry) {
        int equals = entry.indexOf('=');
        int colon = entry.lastIndexOf(':');
        if (equals <= 0 || colon < equals) {
            throw new IllegalArgumentException("peers: '" + entry + "' is not id=host:port");
        }
        String id = entry.substring(0, equals);
        String host = entry.substring(equals + 1, colon);
        String port = entry.substring(colon + 1);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("peers: '" + entry + "': the id '" + id
                    + "' is not 1 to 64 letters, digits, '_' or '-' (starting with a letter or digit)");
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("peers: '" + entry + "': '" + host + "' is not a host name or address");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peers: '" + entry + "': the port '" + port + "' is not a number");
        }
        if (number < 1 || number > 65_535) {
            throw new IllegalArgumentException("peers: '" + entry + "': the port " + number + " is not in 1..65535");
        }
        return new Peer(id, host, number);
    }

    /**
     * @return the peer with that id
     * @throws IllegalArgumentException if no peer has it
     */
    Peer require(String serverId) {
        for (Peer peer : peers) {
            if (peer.id.equals(serverId)) {
                return peer;
            }
        }
        throw new IllegalArgumentException("serverId '" + serverId + "' is not one of the peers " + this);
    }

    List<Peer> peers() {
        return peers;
    }

    @Override
    public String toString() {
        return String.join(",", peers.stream().map(Peer::toString).toList());
    }
}
