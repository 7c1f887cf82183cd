package dev.sseetl.spi;

import java.util.Objects;

/**
 * Names one chunk of one commit: the same import and chunk number always hold the same rows, across attempts and
 * nodes. The same key may arrive again after a node died or a failed commit was retried; a target that cannot write
 * it in the engine's transaction skips a key it already wrote.
 *
 * @param importId the import
 * @param chunk    the chunk's number, from 0: rows {@code [chunk * chunkSize, (chunk + 1) * chunkSize)} of the valid
 *                 staged rows
 */
public record ChunkKey(String importId, int chunk) {
    public ChunkKey {
        Objects.requireNonNull(importId, "importId");
        if (chunk < 0) {
            throw new IllegalArgumentException("chunk must be 0 or more, got " + chunk);
        }
    }
}
