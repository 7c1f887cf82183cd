package dev.sseetl.internal;

import dev.sseetl.EtlEngine;

/** Skeleton placeholder: the engine implementation arrives with the engine work (issue 2). */
public final class DefaultEtlEngine {
    private DefaultEtlEngine() {
    }

    public static EtlEngine create(EngineSettings settings) {
        throw new UnsupportedOperationException("engine not built yet");
    }
}
