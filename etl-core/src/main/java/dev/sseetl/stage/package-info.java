/** Staging: the default on-disk {@link dev.sseetl.spi.StagingStore}. */
package dev.sseetl.stage;
