package org.rebound.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Listener sockets bound before the broker is configured, then handed to it: the broker's ports
 * are known (port 0 = any free one) without the race of "find a free port, close it, hope it is
 * still free when Kafka binds it". (A controller port lost in that race is a fatal fault in Kafka.)
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

    private final Map<String, ServerSocketChannel> unused = new LinkedHashMap<>();
    private final List<ServerSocketChannel> all = new ArrayList<>();

    /** Binds the listener's socket now and returns its port; fails if the port is taken. */
    synchronized int bind(String listenerName, String host, int port) {
        try {
            ServerSocketChannel channel = ServerSocketFactory.INSTANCE.openServerSocket(
                    listenerName, new InetSocketAddress(host, port), -1, -1);
            all.add(channel);
            unused.put(listenerName, channel);
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            throw new BrokerException(
                    (port == 0 ? "cannot bind a free port" : "port " + port + " is not free") + " on " + host
                            + " for the " + listenerName + " listener: " + e.getMessage(),
                    e);
        }
    }

    /** Kafka's SocketServer asks here: the prebound socket if it matches, otherwise a new one as usual. */
    @Override
    public synchronized ServerSocketChannel openServerSocket(
            String listenerName, InetSocketAddress address, int listenBacklogSize, int recvBufferSize)
            throws IOException {
        ServerSocketChannel channel = unused.get(listenerName);
        if (channel != null
                && channel.isOpen()
                && (address.getPort() == 0
                        || address.getPort() == ((InetSocketAddress) channel.getLocalAddress()).getPort())) {
            unused.remove(listenerName);
            return channel;
        }
        return ServerSocketFactory.INSTANCE.openServerSocket(listenerName, address, listenBacklogSize, recvBufferSize);
    }

    /** Closes the sockets the broker did not take (those it took, it closes itself). */
    @Override
    public synchronized void close() {
        for (ServerSocketChannel channel : unused.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
        unused.clear();
    }
}
