package dev.embeddedcluster.examples.spring;

import org.springframework.data.annotation.Id;
import org.springframework.data.redis.core.RedisHash;
import org.springframework.data.redis.core.index.Indexed;

/** A customer kept by a Spring Data repository as a Redis hash, indexed by city. */
@RedisHash("people")
public record Person(@Id String id, String name, @Indexed String city) {
}
