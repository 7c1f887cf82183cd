package dev.sseetl;

/**
 * Everything a client that cannot stream needs to know about one import.
 *
 * @param job     the import's metadata and state
 * @param buffer  the latest buffering progress, or null before it started
 * @param commit  the latest commit progress, or null before a commit
 * @param summary counts of staged rows (empty before buffering ended)
 */
public record ImportStatus(ImportJob job, ProgressSnapshot buffer, ProgressSnapshot commit, Summary summary) {
}
