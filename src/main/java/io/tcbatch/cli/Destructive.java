package io.tcbatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.config.Profile;

/**
 * Which imports need a confirmation before anything is sent (issue: "a destructive action").
 * A Delete removes data wherever it runs. Replace (of attributes, tags or security labels)
 * overwrites what analysts may have added on a shared instance, so against any profile other
 * than the local sandbox it is destructive too; on the sandbox it only touches rehearsal data.
 */
final class Destructive {
    private Destructive() {
    }

    /** The line to confirm, or null when the import destroys nothing. */
    static String describe(ImportSpec spec, Profile profile) {
        String files = spec.files().stream().map(Path::getFileName).map(String::valueOf)
                .collect(Collectors.joining(", "));
        String where = "owner '" + spec.owner() + "' on profile '" + profile.name() + "'";
        if (spec.action() == Action.Delete) {
            return "Delete the items of " + (files.isEmpty() ? "this job" : files) + " from " + where;
        }
        if (profile.local()) {
            return null;
        }
        List<String> replaced = new java.util.ArrayList<>();
        if (spec.attributeWriteType() == AttributeWriteType.Replace) {
            replaced.add("attributes");
        }
        if ("Replace".equals(spec.extras().tagWriteType())) {
            replaced.add("tags");
        }
        if ("Replace".equals(spec.extras().securityLabelWriteType())) {
            replaced.add("security labels");
        }
        if (replaced.isEmpty()) {
            return null;
        }
        return "Replace the " + String.join(", ", replaced) + " of existing items in " + where
                + " with those of " + (files.isEmpty() ? "this job" : files);
    }
}
