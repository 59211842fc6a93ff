package io.tcbatch.dsl;

/**
 * Only here so that {@code fileMergeMode Merge} reads as bare a word as {@code action Create}: the
 * job carries the mode as the text the API expects (see {@link BatchSpec#fileMergeMode}).
 */
public enum FileMergeMode {
    Distribute, Merge
}
