/**
 * Reading and judging ThreatConnect Batch input: streaming readers for Batch JSON (V1 and V2,
 * including the historical wrapped and object forms), IOC lists (defangs restored, see
 * {@code Defang}), CSV by a column mapping ({@code CsvMapping}), STIX 2.0/2.1 bundles, MISP
 * events and plain JSON feeds (lists and JSON lines), each chosen by {@link io.tcbatch.input.Format}
 * or sniffed, and the per-type validation and normalisation rules of the Batch API (indicators,
 * groups, associations).
 * Input must be UTF-8 (a byte order mark is fine): UTF-16/32, binary files, invalid UTF-8, raw
 * control characters in JSON strings and trailing commas are refused with {@code file:line:column}
 * and a message that says what to fix; in an IOC list a line with a control character is
 * rejected on its own.
 *
 * <p>Both the client's preflight and the sandbox call these rules, so an item is judged the
 * same way on both sides of the wire. That is why this package stands alone: it may use only
 * the JDK and Jackson (core and databind), and nothing from other tcbatch packages. (IP
 * addresses are parsed by hand; the {@code com.github.seancfoley:ipaddress} library serves the
 * tests as the reference they are checked against.)
 *
 * <p>The rules are pure functions of the item (no clock, no state, no I/O), so preflight and
 * the sandbox can call them from any thread and always agree. They are on the per-item hot path
 * of million-item feeds, which is why the value syntaxes in {@code Values} are scanned by hand.
 * {@link io.tcbatch.input.IndicatorRules#v2OnlyFields} lets a caller refuse a V1 job whose
 * indicators carry data V1 does not document.
 *
 * <p>The Batch JSON reader is the one place with a thread of its own: past the first 2,000 items
 * it parses ahead on a second thread into a bounded queue (what the caller sees is unchanged), and
 * it keeps an item's bytes as read when they are exactly what writing its tree would give
 * ({@link io.tcbatch.input.InputItem#json}), so an unchanged item need not be serialised again.
 *
 * <p>Entry points: {@link io.tcbatch.input.Inputs#open(java.nio.file.Path)} and the
 * {@link io.tcbatch.input.Input}s of {@link io.tcbatch.input.Inputs} for reading,
 * {@link io.tcbatch.input.IndicatorRules}, {@link io.tcbatch.input.GroupRules} and
 * {@link io.tcbatch.input.AssociationRules} for checking one item.
 */
package io.tcbatch.input;
