package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;

import io.tcbatch.shell.DraftCommands;
import io.tcbatch.shell.Vocab;

/** {@code batch set KEY VALUE}: the values offered follow the key typed. */
class DraftCompletionTest {

    private static List<String> values(String... words) {
        CompletionContext ctx = new CompletionContext(List.of(words), words.length - 1, 0, null, null);
        return DraftCommands.valueProposals(ctx).stream().map(CompletionProposal::value).toList();
    }

    @Test
    void theValueProposalsAreTheKeysVocabulary() {
        assertEquals(Vocab.ACTIONS, values("batch", "set", "action", ""));
        assertEquals(Vocab.HASH_COLLISION_MODES, values("batch", "set", "hashCollisionMode", "Fa"));
        assertEquals(Vocab.BOOLEANS, values("set", "--key", "halt-on-error", "--value", ""));
        assertEquals(List.of(), values("batch", "set", "owner", ""), "an owner is a free name");
        assertEquals(List.of(), values("batch", "set", ""));
    }

    @Test
    void keysAreAcceptedInEitherSpelling() {
        assertEquals("attribute-write-type", DraftCommands.canonicalKey("attributeWriteType"));
        assertEquals("security-label-write-type", DraftCommands.canonicalKey("security-label-write-type"));
        assertEquals(null, DraftCommands.canonicalKey("attribute"));
    }
}
