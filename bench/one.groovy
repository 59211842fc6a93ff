// One indicator into the built-in sandbox, start to exit: what the start-up benchmark times
// (bench/run startup). Run as a user does: bin/tcbatch bench/one.groovy
batch {
    owner 'Example Org'
    indicators { address '192.0.2.1' }
}
watch()
