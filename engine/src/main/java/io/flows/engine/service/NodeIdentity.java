package io.flows.engine.service;

import io.flows.engine.FlowsConfig;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * This node's name among the nodes sharing one database ({@code flows.node-id}). The default, host
 * name plus a hash of the data folder, stays the same across restarts, so a node that comes back
 * recognises the work its previous process left at once instead of waiting for its own heartbeat to
 * expire. Two processes must not share a name: on PostgreSQL the second one refuses to start (NodeWatch).
 */
@Singleton
public class NodeIdentity {

    private final String id;

    public NodeIdentity(FlowsConfig config) {
        String configured = config.getNodeId();
        this.id = configured != null && !configured.isBlank() ? configured.trim() : defaultId(config.getDataDir());
    }

    public String id() {
        return id;
    }

    static String defaultId(String dataDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    Path.of(dataDir).toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            String name = host + "-" + HexFormat.of().formatHex(digest, 0, 4);
            return name.length() > 100 ? name.substring(name.length() - 100) : name;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
