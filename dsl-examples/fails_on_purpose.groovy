// A script with a deliberate mistake, to show what one looks like: the action is misspelt on
// line 10. tcbatch stops before anything is sent and names the script, line and column, with
// the word it thinks was meant:
//   tcbatch: fails_on_purpose.groovy:10:12: unknown name 'Crate' (did you mean 'Create'?)
// Exit code 2 (usage or script error; nothing submitted).
//   bin/tcbatch dsl-examples/fails_on_purpose.groovy
batch {
    owner 'Example Org'
    upload file('samples/iocs.txt')
    action Crate
}
watch()
