// The quick start: import a small Batch JSON V2 file (indicators, a group and associations)
// into the built-in sandbox and watch it to the end.
//   bin/tcbatch dsl-examples/quickstart.groovy
batch {
    owner 'Example Org'
    action Create
    attributeWriteType Replace
    haltOnError false
    upload file('samples/quickstart.json')
}
watch()
