package io.freelock.consensus;

import org.osgi.annotation.versioning.ProviderType;

/** Undoes an {@code add...} on an engine. Closing twice is harmless. */
@ProviderType
public interface Registration extends AutoCloseable {

    /** Removes what was added. */
    @Override
    void close();
}
