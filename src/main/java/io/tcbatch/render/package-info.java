/**
 * Terminal output: the live watch block (redrawn in place with JLine's {@code Display} on a
 * terminal), one line per change elsewhere, the run summary as text or JSON.
 *
 * <p>Uses the core result types of {@code batch}, Jackson and JLine; no Spring.
 */
package io.tcbatch.render;
