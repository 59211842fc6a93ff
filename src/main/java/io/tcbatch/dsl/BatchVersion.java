package io.tcbatch.dsl;

/**
 * The Batch file versions a job can declare. Only here so that {@code version V1} reads as bare a
 * word as {@code action Create}: the job itself carries the version as the text the API expects.
 */
public enum BatchVersion {
    V1, V2
}
