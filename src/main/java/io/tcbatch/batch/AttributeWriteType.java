package io.tcbatch.batch;

/** How incoming attributes meet existing ones (API doc §4.3). */
public enum AttributeWriteType {
    Replace, Append, Singleton, Static
}
