package dev.sseetl.store;

import dev.sseetl.CommitOptions;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.spi.ImportRepository;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link ImportRepository}: job metadata in memory. {@link ImportJob} is immutable (its metadata map is
 * copied when built), so what goes in and what comes out is never shared mutable state. {@link #transition} is atomic
 * per import. Suits one node; several nodes need a shared repository.
 */
public final class InMemoryImportRepository implements ImportRepository {
    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Instant> beats = new ConcurrentHashMap<>();
    private final Map<String, CommitOptions> commitOptions = new ConcurrentHashMap<>();

    @Override
    public void insert(ImportJob job) {
        Objects.requireNonNull(job, "job");
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new IllegalStateException("An import with id " + job.id() + " already exists");
        }
    }

    @Override
    public Optional<ImportJob> find(String importId) {
        return importId == null ? Optional.empty() : Optional.ofNullable(jobs.get(importId));
    }

    @Override
    public Optional<ImportJob> transition(String importId, Set<ImportState> from, ImportState to, String message,
                                          Instant now) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(now, "now");
        ImportJob[] moved = new ImportJob[1];
        jobs.computeIfPresent(importId, (id, job) -> {
            if (!from.contains(job.state())) {
                return job;
            }
            moved[0] = job.withState(to, now, message);
            beats.remove(id);
            return moved[0];
        });
        return Optional.ofNullable(moved[0]);
    }

    @Override
    public void beat(String importId, Instant now) {
        Objects.requireNonNull(now, "now");
        jobs.computeIfPresent(importId, (id, job) -> {
            beats.put(id, now);
            return job;
        });
    }

    @Override
    public List<ImportJob> silentSince(Instant cutoff) {
        return jobs.values().stream()
                .filter(job -> job.state().isRunning())
                .filter(job -> beats.getOrDefault(job.id(), job.updatedAt()).isBefore(cutoff))
                .toList();
    }

    @Override
    public void saveCommitOptions(String importId, CommitOptions options) {
        Objects.requireNonNull(options, "options");
        jobs.computeIfPresent(importId, (id, job) -> {
            commitOptions.put(id, options);
            return job;
        });
    }

    @Override
    public Optional<CommitOptions> commitOptions(String importId) {
        return importId == null ? Optional.empty() : Optional.ofNullable(commitOptions.get(importId));
    }

    @Override
    public List<ImportJob> endedBefore(Instant cutoff) {
        return jobs.values().stream()
                .filter(job -> job.endedAt() != null && job.endedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(ImportJob::endedAt))
                .toList();
    }

    @Override
    public void delete(String importId) {
        jobs.remove(importId);
        beats.remove(importId);
        commitOptions.remove(importId);
    }
}
