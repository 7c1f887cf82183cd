package dev.sseetl.internal;

/**
 * What a background job works with, handed to it by the engine: the stores, the {@link ImportLifecycle} for every
 * state change and ending, the progress reporters, the running-jobs table it signs off from, and the metrics it reports
 * its phase to.
 */
record JobContext(ImportStores stores, ImportLifecycle lifecycle, ProgressReporter.Factory reporters,
                  RunningJobs jobs, EngineMetrics metrics) {
}
