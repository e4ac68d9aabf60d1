package dev.embeddedcluster.examples.spring;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listens to price updates published on a Redis channel. */
@Component
public class PriceUpdates implements MessageListener {
    private final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message, byte[] pattern) {
        received.add(new String(message.getBody(), StandardCharsets.UTF_8));
    }

    public List<String> received() {
        return received;
    }
}
