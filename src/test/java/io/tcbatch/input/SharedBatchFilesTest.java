package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tcbatch.SharedData;

/** The real Batch files of ../shared/data/threatconnect, read in place (never copied here). */
class SharedBatchFilesTest {

    /** Kinds in file order (I, G, A per item), the detected format, and how many items fail the rules. */
    private record Read(String kinds, String format, int invalid) {
    }

    private static Read read(Path file) throws IOException {
        StringBuilder kinds = new StringBuilder();
        int invalid = 0;
        try (ItemSource s = Inputs.open(file)) {
            for (InputItem i = s.next(); i != null; i = s.next()) {
                kinds.append(i.kind().name().charAt(0));
                assertTrue(i.line() >= 1 && i.column() >= 1, i::toString);
                RuleResult r = switch (i.kind()) {
                    case INDICATOR -> IndicatorRules.check(i.node());
                    case GROUP -> GroupRules.check(i.node());
                    case ASSOCIATION -> AssociationRules.check(i.node());
                };
                invalid += r.isValid() ? 0 : 1;
            }
            return new Read(kinds.toString(), s.formatName(), invalid);
        }
    }

    @Test
    void readsEveryJsonFileWithoutAnException() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SharedData.dir().resolve("threatconnect"))) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(36, files.size(), "JSON files under threatconnect/ (SOURCES.md: 36 JSON + 1 CSV)");
        List<String> failures = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            try {
                read(f);
            } catch (InputException e) {
                if (e.detail().startsWith("not Batch JSON")) {
                    refused.add(SharedData.dir().resolve("threatconnect").relativize(f).toString());
                } else {
                    failures.add(f + ": " + e.getMessage());
                }
            } catch (IOException e) {
                failures.add(f + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        // A job configuration and a status answer from the docs are JSON but not import files:
        // they are named as such rather than read as an empty import.
        assertEquals(NOT_BATCH_JSON, refused);
    }

    static final List<String> NOT_BATCH_JSON = List.of("docs/v1_batch_create_request.json",
            "docs/v2_batch_create_request.json", "docs/v2_batch_status_completed_response.json");

    @Test
    void csvBulkReportIsReadByItsHeaderWithTheBadMd5Rejected() throws IOException {
        // Once refused ("CSV input needs a column mapping"); now its header Type,Value,Rating,Confidence
        // is the mapping: five indicators, of which the 31-character MD5 fails the File rule.
        Path csv = SharedData.file("threatconnect/docs/bulk_report_csv_response.csv");
        Read r = read(csv);
        assertEquals("IIIII", r.kinds());
        assertEquals("CSV (columns guessed: value Value; type column Type; rating Rating; confidence Confidence)", r.format());
        assertEquals(1, r.invalid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // file | kinds in order | format | items failing the rules
        "docs/v1_example_host_and_address.json|II|Batch JSON V1|0",
        "docs/legacy2021_v1_input_format.json|I|Batch JSON V1|0",
        "docs/legacy2021_v2_input_format_wrapped_in_list.json|IG|Batch JSON V2 (wrapped in a list)|0",
        "docs/v2_indicator_to_indicator_association_array.json|IIAAA|Batch JSON V2|0",
        "docs/v2_group_to_group_association_array.json|GGAAA|Batch JSON V2|0",
        "docs/v2_group_to_existing_indicator_associatedIndicators.json|G|Batch JSON V2|0",
        "docs/v2_file_hashes_individual_fields.json|I|Batch JSON V2|0",
        "docs/bulk_report_json_response.json|I|Batch JSON V2|0",
        "tcex/batch_data.json|GGGGGGIIIIIIIIIIIII|Batch JSON V2|0",
        "tcex/batch_data_cleaned.json|GGGGGIIIIIII|Batch JSON V2|0",
        "tcex/ti_transform_transformed_indicators.json|IIIIIIIIII|Batch JSON V2|0",
        "tcex/playbook_missing_groups.json|IIII|Batch JSON V2|0",
        "tcex/playbook_missing_indicators.json|GGGGGG|Batch JSON V2|4",
        "tcex/playbook_both_empty.json||Batch JSON V2|0",
        "tcex/playbook_both_missing.json||Batch JSON V2|0",
        "java/batch_sample3.json|I|Batch JSON V1|0",
        "java/batch_sample4.json|GG|Batch JSON V2|0",
        "java/batch_sample5.json|I|Batch JSON V2|0",
        "java/sample_v2_groups_indicators.json|GGGGGGGIIIIIIII|Batch JSON V2|3",
    })
    void itemCountsMatchSources(String file, String kinds, String format, int invalid) throws IOException {
        Read r = read(SharedData.file("threatconnect/" + file));
        assertEquals(kinds == null ? "" : kinds, r.kinds());
        assertEquals(format, r.format());
        assertEquals(invalid, r.invalid(), "items failing the rules");
    }
}
