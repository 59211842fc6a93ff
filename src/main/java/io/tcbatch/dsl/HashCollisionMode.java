package io.tcbatch.dsl;

/**
 * Only here so that {@code hashCollisionMode Split} reads as bare a word as {@code action Create}:
 * the job carries the mode as the text the API expects (see {@link BatchSpec#hashCollisionMode}).
 */
public enum HashCollisionMode {
    FavorExisting, FavorIncoming, IgnoreExisting, IgnoreIncoming, Split
}
