/**
 * The benchmarks run by {@code bench/run} (see {@code bench/README.md}): the generator of Batch
 * JSON input files, the preflight-versus-token-scan bench, and the parsing of what an
 * end-to-end import leaves behind. Test sources, so nothing here ships in the jar; only
 * {@code BatchFileGeneratorTest} runs in {@code mvn test}, the benchmarks only from the script.
 *
 * <p>May use anything of the project and its dependencies; nothing in the project may use this.
 */
package io.tcbatch.bench;
