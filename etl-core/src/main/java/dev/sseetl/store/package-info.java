/** Default stores for uploaded files and import metadata, for one node. */
package dev.sseetl.store;
