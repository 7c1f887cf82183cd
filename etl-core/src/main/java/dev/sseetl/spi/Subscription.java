package dev.sseetl.spi;

/** A registered listener; closing it unregisters the listener. Closing twice is harmless. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
