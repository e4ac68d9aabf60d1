package dev.embeddedcluster.examples.soak;

/** One client library's part of the soak: its workers and its subscribers. */
interface Library extends AutoCloseable {
    /** The name its connections give (CLIENT SETNAME), to count them in CLIENT LIST. */
    String clientName();

    /** A worker with the connections of its own that it needs (a replica's, a pub/sub one...). */
    Worker worker(int number) throws Exception;

    /** Subscribes to the news channel and to every sharded channel; returns once subscribed. */
    void subscribe() throws Exception;

    /** One client thread's work: one operation of {@link Workload#OPERATIONS} at a time. */
    interface Worker extends AutoCloseable {
        void run(int operation, int round) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
