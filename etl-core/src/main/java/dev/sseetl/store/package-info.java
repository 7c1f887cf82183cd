/** Default stores for uploaded files, import metadata and remembered column mappings, for one node. */
package dev.sseetl.store;
