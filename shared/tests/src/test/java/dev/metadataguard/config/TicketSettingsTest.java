package dev.metadataguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TicketSettingsTest {

    @Test
    void readsAJiraSectionAndFillsTheDefaults() {
        TicketSettings settings = TicketSettings.fromYaml("""
                sink: jira
                jira:
                  baseUrl: https://acme.atlassian.net
                  email: guard@acme.example
                  projectKey: SEC
                """);

        assertEquals("jira", settings.sink());
        assertEquals(new TicketSettings.Jira("https://acme.atlassian.net", "guard@acme.example", "SEC", "Bug", "Done",
                "To Do"), settings.jira());
        assertEquals("https://api.github.com", settings.github().apiUrl());
    }

    @Test
    void withoutASinkTicketsGoToPubsub() {
        TicketSettings settings = TicketSettings.fromYaml("pubsub:\n  topic: projects/p/topics/tickets\n");

        assertEquals("pubsub", settings.sink());
        assertEquals("projects/p/topics/tickets", settings.pubsub().topic());
    }

    @Test
    void aMisspelledKeyIsRefusedByName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TicketSettings.fromYaml("""
                sink: jira
                jira:
                  projectkey: SEC
                """));

        assertTrue(error.getMessage().startsWith("tickets: Unrecognized field \"projectkey\""), error.getMessage());
    }

    @Test
    void aTokenInTheFileIsRefusedToo() {
        assertThrows(IllegalArgumentException.class,
                () -> TicketSettings.fromYaml("sink: github\ngithub:\n  owner: acme\n  token: ghp_x\n"));
    }

    @Test
    void jsonReadsTheSameAsYaml() {
        assertEquals(TicketSettings.fromYaml("sink: directory\ndirectory:\n  path: out/tickets\n"),
                TicketSettings.fromYaml("{\"sink\": \"directory\", \"directory\": {\"path\": \"out/tickets\"}}"));
    }
}
