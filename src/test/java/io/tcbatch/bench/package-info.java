/**
 * The benchmarks run by {@code bench/run} (see {@code bench/README.md}): the generator of Batch
 * JSON input files, the preflight-versus-token-scan bench, the parsing of what an end-to-end
 * import leaves behind, the sandbox's throughput, the polling cost ({@code PollingBench}) and
 * the median helper of the start-up figures ({@code Stats}). Test sources, so nothing here ships
 * in the jar; only {@code BatchFileGeneratorTest} and {@code StatsTest} run in {@code mvn test},
 * the benchmarks only from the script.
 *
 * <p>May use anything of the project and its dependencies; nothing in the project may use this.
 */
package io.tcbatch.bench;
