package dev.sseetl.internal;

/**
 * What a background job works with, handed to it by the engine: the stores, the {@link ImportLifecycle} for every
 * state change and ending, the progress reporters, and the running-jobs table it signs off from.
 */
record JobContext(ImportStores stores, ImportLifecycle lifecycle, ProgressReporter.Factory reporters,
                  RunningJobs jobs) {
}
